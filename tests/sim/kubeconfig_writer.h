// Writes the kubeconfig through which kubectl (or any client) reaches the sim.
#pragma once

#include <string>

namespace perfscale::sim {

struct KubeconfigUsers {
  std::string token;                 // context perfscale-sim (the current one)
  std::string readOnlyToken;         // context perfscale-sim-readonly, when set
  std::string basicUser;             // "user:password", context perfscale-sim-basic, when set
  std::string clientCertificatePem;  // context perfscale-sim-cert, when set
  std::string clientKeyPem;
};

// The file is created with mode 0600: it holds credentials.
void writeKubeconfig(const std::string& path, const std::string& serverUrl,
                     const std::string& caPem, const KubeconfigUsers& users);

}  // namespace perfscale::sim
