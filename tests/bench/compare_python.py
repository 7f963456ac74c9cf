#!/usr/bin/python3
"""The compare.sh job with the official Kubernetes Python client, written as a user would:
create COUNT VMIs one after another through a token bucket of QPS (burst BURST), watch them
to Running, delete them one by one, wait until the watch has seen every one go. Writes one
JSON line per VMI: name, createSentNs, createDoneNs, runningNs, goneNs (wall clock, ns since
the epoch).

Usage: compare_python.py KUBECONFIG NAMESPACE LABEL_VALUE COUNT QPS BURST VMI_JSON OUT_JSONL
"""
import copy
import json
import sys
import threading
import time

from kubernetes import client, config, watch

GROUP, VERSION, PLURAL = "kubevirt.io", "v1", "virtualmachineinstances"
LABEL_KEY = "perfscale.kubevirt.io/compare"
TIMEOUT_S = 600


class TokenBucket:
    def __init__(self, qps, burst):
        self.rate, self.capacity = qps, burst
        self.tokens, self.last = burst, time.monotonic()

    def take(self):
        while True:
            now = time.monotonic()
            self.tokens = min(self.capacity, self.tokens + (now - self.last) * self.rate)
            self.last = now
            if self.tokens >= 1:
                self.tokens -= 1
                return
            time.sleep((1 - self.tokens) / self.rate)


def main():
    kubeconfig, ns, label, count, qps, burst, vmi_json, out = sys.argv[1:9]
    count, qps, burst = int(count), float(qps), int(burst)
    config.load_kube_config(config_file=kubeconfig)
    api = client.CustomObjectsApi()
    selector = f"{LABEL_KEY}={label}"
    template = json.load(open(vmi_json))

    running, gone = {}, {}
    changed = threading.Condition()
    listed = api.list_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, label_selector=selector)
    w = watch.Watch()

    def watch_vmis():
        for event in w.stream(api.list_namespaced_custom_object, GROUP, VERSION, ns, PLURAL,
                              label_selector=selector,
                              resource_version=listed["metadata"]["resourceVersion"]):
            now = time.time_ns()
            vmi = event["object"]
            name = vmi.get("metadata", {}).get("name")
            with changed:
                if event["type"] == "DELETED":
                    gone.setdefault(name, now)
                elif vmi.get("status", {}).get("phase") == "Running":
                    running.setdefault(name, now)
                changed.notify_all()

    threading.Thread(target=watch_vmis, daemon=True).start()

    def wait_for(seen, what):
        deadline = time.monotonic() + TIMEOUT_S
        with changed:
            while len(seen) < count:
                if not changed.wait(timeout=max(0, deadline - time.monotonic())):
                    sys.exit(f"compare_python: {len(seen)} of {count} VMIs {what} after {TIMEOUT_S} s")

    bucket = TokenBucket(qps, burst)
    creates = []
    for i in range(count):
        body = copy.deepcopy(template)
        name = f"vmi-{label}-{i}"
        body["metadata"] = {"name": name, "namespace": ns, "labels": {LABEL_KEY: label}}
        bucket.take()
        sent = time.time_ns()
        api.create_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, body)
        creates.append((name, sent, time.time_ns()))
    wait_for(running, "Running")
    # This client's deletecollection for custom objects takes no label selector: one by one,
    # each awaited (the bucket paces creates only).
    for name, _, _ in creates:
        api.delete_namespaced_custom_object(GROUP, VERSION, ns, PLURAL, name)
    wait_for(gone, "gone")
    w.stop()
    with open(out, "w") as f:
        for name, sent, done in creates:
            f.write(json.dumps({"name": name, "createSentNs": sent, "createDoneNs": done,
                                "runningNs": running.get(name), "goneNs": gone.get(name)}) + "\n")


if __name__ == "__main__":
    main()
