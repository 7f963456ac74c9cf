#!/usr/bin/env bash
# A real Kubernetes control plane on 127.0.0.1 for the end-to-end tests: etcd (Debian's),
# kube-apiserver and kube-controller-manager v1.20.2 (built by build-k8s.sh), and a
# VirtualMachineInstance CRD shaped like KubeVirt's. VMIs are driven through their phases by
# `perfscale-sim controller`, which each test starts for itself.
#
# Usage: tests/real/cluster.sh start DIR   # starts everything, writes DIR/ (see below)
#        tests/real/cluster.sh stop DIR    # stops what `start` started, keeps the logs
#
# DIR afterwards holds:
#   url                     the API server's URL (https://127.0.0.1:PORT)
#   ca.pem                  the CA that signed the serving and client certificates
#   token                   bearer token of user perfscale-admin (system:masters)
#   kubeconfig              contexts: token (current), cert (client certificate), exec (an
#                           exec plugin that prints an ExecCredential with its own token)
#   kubeconfig-team-a       ServiceAccount team-a/runner, whose Role allows every verb on VMIs
#                           in team-a and nothing else; kubeconfig-team-b: the same without
#                           deletecollection
#   *.log, pids             the processes' output and ids
# Only loopback addresses are used.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
command="${1:-}"
dir="${2:-}"
[ -n "$command" ] && [ -n "$dir" ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

log() { echo "[cluster $(date +%H:%M:%S)] $*" >&2; }

stop_cluster() {
  [ -f "$dir/pids" ] || return 0
  # Reverse order of start: the controller manager, the API server, then etcd.
  tac "$dir/pids" | while read -r pid name; do
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -9 "$pid" 2>/dev/null || true
      log "stopped $name ($pid)"
    fi
  done
  rm -f "$dir/pids"
}

if [ "$command" = stop ]; then
  stop_cluster
  exit 0
fi
[ "$command" = start ] || { echo "usage: $0 start|stop DIR" >&2; exit 2; }

bin="$("$here/build-k8s.sh")"
for tool in openssl kubectl /usr/bin/etcd; do
  command -v "$tool" >/dev/null || { echo "error: $tool is needed" >&2; exit 1; }
done
mkdir -p "$dir"
chmod 700 "$dir"
dir="$(cd "$dir" && pwd)"
stop_cluster
trap 'status=$?; if [ $status -ne 0 ]; then log "start failed; logs in $dir"; stop_cluster; fi' EXIT

# Free TCP ports on 127.0.0.1, distinct from each other.
taken=" $(ss -Hltn 2>/dev/null | awk '{print $4}' | sed 's/.*://' | tr '\n' ' ') "
free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 40000))
    case "$taken" in *" $port "*) continue ;; esac
    taken="$taken$port "
    echo "$port"
    return 0
  done
  echo "no free port found" >&2
  return 1
}
etcd_client=$(free_port)
etcd_peer=$(free_port)
api_port=$(free_port)

# Certificates: one CA for serving, clients and the service-account issuer's keys.
cd "$dir"
umask 077
openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -subj "/CN=perfscale-real-ca" -days 2 -out ca.pem 2>/dev/null
issue() {  # name subject extensions
  openssl ecparam -name prime256v1 -genkey -noout -out "$1.key" 2>/dev/null
  openssl req -new -key "$1.key" -subj "$2" -out "$1.csr" 2>/dev/null
  printf '%s\n' "$3" >"$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -days 2 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}
issue serving "/CN=kube-apiserver" \
  "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc
extendedKeyUsage=serverAuth"
issue client "/O=system:masters/CN=perfscale-cert" "extendedKeyUsage=clientAuth"
# system:masters: the controllers run under this one identity (no per-controller service
# accounts), and the namespace controller needs deletecollection on every resource.
issue controller-manager "/O=system:masters/CN=system:kube-controller-manager" \
  "extendedKeyUsage=clientAuth"
openssl genrsa -out sa.key 2048 2>/dev/null
openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null

token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
exec_token="$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
printf '%s\n' "$token" >token
cat >tokens.csv <<EOF
$token,perfscale-admin,perfscale-admin,"system:masters"
$exec_token,perfscale-exec,perfscale-exec,"system:masters"
EOF
cat >exec-credential.sh <<EOF
#!/bin/sh
# An exec credential plugin: answers with a token that expires in an hour.
expiry=\$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
printf '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"%s","expirationTimestamp":"%s"}}\n' "$exec_token" "\$expiry"
EOF
chmod 700 exec-credential.sh

url="https://127.0.0.1:$api_port"
printf '%s\n' "$url" >url
ca_data="$(base64 -w0 ca.pem)"
cat >kubeconfig <<EOF
apiVersion: v1
kind: Config
clusters:
- name: real
  cluster:
    server: $url
    certificate-authority-data: $ca_data
users:
- name: token
  user:
    token: $token
- name: cert
  user:
    client-certificate: $dir/client.pem
    client-key: $dir/client.key
- name: exec
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1beta1
      command: $dir/exec-credential.sh
      interactiveMode: Never
contexts:
- name: token
  context: {cluster: real, user: token}
- name: cert
  context: {cluster: real, user: cert}
- name: exec
  context: {cluster: real, user: exec}
current-context: token
EOF
cat >controller-manager.kubeconfig <<EOF
apiVersion: v1
kind: Config
clusters:
- name: real
  cluster: {server: $url, certificate-authority: $dir/ca.pem}
users:
- name: kcm
  user: {client-certificate: $dir/controller-manager.pem, client-key: $dir/controller-manager.key}
contexts:
- name: kcm
  context: {cluster: real, user: kcm}
current-context: kcm
EOF

start() {  # name command...
  local name="$1"
  shift
  "$@" >"$dir/$name.log" 2>&1 &
  echo "$! $name" >>"$dir/pids"
  log "started $name ($!)"
}

start etcd /usr/bin/etcd --name perfscale --data-dir "$dir/etcd-data" \
  --listen-client-urls "http://127.0.0.1:$etcd_client" \
  --advertise-client-urls "http://127.0.0.1:$etcd_client" \
  --listen-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer" \
  --initial-cluster "perfscale=http://127.0.0.1:$etcd_peer" \
  --listen-metrics-urls "" --log-level warn

start kube-apiserver "$bin/kube-apiserver" \
  --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
  --secure-port="$api_port" --insecure-port=0 \
  --tls-cert-file="$dir/serving.pem" --tls-private-key-file="$dir/serving.key" \
  --client-ca-file="$dir/ca.pem" --token-auth-file="$dir/tokens.csv" \
  --authorization-mode=RBAC --endpoint-reconciler-type=none \
  --service-account-key-file="$dir/sa.pub" \
  --service-account-signing-key-file="$dir/sa.key" \
  --service-account-issuer=https://kubernetes.default.svc \
  --service-cluster-ip-range=10.0.0.0/24 \
  --etcd-servers="http://127.0.0.1:$etcd_client" \
  --profiling=false --v=1

# Ready when /readyz answers ok; bounded.
ready=""
for _ in $(seq 1 300); do
  if kubectl --kubeconfig "$dir/kubeconfig" get --raw /readyz >/dev/null 2>&1; then
    ready=yes
    break
  fi
  kill -0 "$(awk '$2=="kube-apiserver"{print $1}' "$dir/pids")" 2>/dev/null || break
  sleep 0.2
done
if [ -z "$ready" ]; then
  echo "error: kube-apiserver did not become ready; its log ends:" >&2
  tail -20 "$dir/kube-apiserver.log" >&2
  exit 1
fi
log "kube-apiserver ready at $url"

start kube-controller-manager "$bin/kube-controller-manager" \
  --kubeconfig="$dir/controller-manager.kubeconfig" \
  --bind-address=127.0.0.1 --port=0 --secure-port=0 --leader-elect=false \
  --service-account-private-key-file="$dir/sa.key" --root-ca-file="$dir/ca.pem" \
  --controllers=namespace,garbagecollector,serviceaccount,serviceaccount-token \
  --v=1

kubectl --kubeconfig "$dir/kubeconfig" apply -f "$here/vmi-crd.yaml" >/dev/null
kubectl --kubeconfig "$dir/kubeconfig" wait --for condition=established --timeout=60s \
  crd/virtualmachineinstances.kubevirt.io >/dev/null
# Discovery of the new group can lag behind Established; wait until the resource is served.
for _ in $(seq 1 100); do
  kubectl --kubeconfig "$dir/kubeconfig" get vmi -A >/dev/null 2>&1 && break
  sleep 0.2
done
log "VirtualMachineInstance CRD established"

# Least privilege: ServiceAccounts confined by a namespaced Role to VMIs in their own
# namespace, the usual grant on a shared cluster. team-a may create, get, list, watch, delete
# and deletecollection them; team-b the same without deletecollection.
confined_user() {  # namespace verbs
  local ns="$1" verbs="$2" secret="" sa_token
  local k=(kubectl --kubeconfig "$dir/kubeconfig" -n "$ns")
  "${k[@]}" create namespace "$ns" >/dev/null
  "${k[@]}" create serviceaccount runner >/dev/null
  "${k[@]}" create role perfscale-vmis --verb="$verbs" \
    --resource=virtualmachineinstances.kubevirt.io >/dev/null
  "${k[@]}" create rolebinding perfscale-vmis --role=perfscale-vmis \
    --serviceaccount="$ns:runner" >/dev/null
  for _ in $(seq 1 150); do  # the token controller adds the secret
    secret="$("${k[@]}" get serviceaccount runner -o jsonpath='{.secrets[0].name}')"
    [ -n "$secret" ] && break
    sleep 0.2
  done
  [ -n "$secret" ] || { echo "error: no token secret for $ns/runner" >&2; exit 1; }
  sa_token="$("${k[@]}" get secret "$secret" -o jsonpath='{.data.token}' | base64 -d)"
  cat >"kubeconfig-$ns" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: real
  cluster:
    server: $url
    certificate-authority-data: $ca_data
users:
- name: runner
  user:
    token: $sa_token
contexts:
- name: $ns
  context: {cluster: real, user: runner, namespace: $ns}
current-context: $ns
EOF
}
confined_user team-a create,get,list,watch,delete,deletecollection
confined_user team-b create,get,list,watch,delete
log "ServiceAccounts team-a/runner and team-b/runner made; cluster ready in $dir"
trap - EXIT
