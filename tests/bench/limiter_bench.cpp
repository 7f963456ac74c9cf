// Benchmark of the client's pacing against perfscale-sim: at qps 20, 200, 1000 and 5000
// (burst 1), requests go out through RestClient and the token bucket from a pool of
// workers; prints the achieved rate and the dispatch jitter (grant - ideal schedule).
#include <cxxopts.hpp>

#include <atomic>
#include <csignal>
#include <iomanip>
#include <iostream>
#include <mutex>
#include <thread>

#include "core/kube/kubeconfig.h"
#include "core/kube/rest_client.h"
#include "core/kube/token_bucket.h"
#include "core/stats/percentiles.h"
#include "tests/support/process.h"

using namespace std::chrono_literals;

int main(int argc, char** argv) {
  cxxopts::Options options("perfscale-limiter-bench", "Pacing accuracy of the client.");
  options.add_options()("seconds", "Seconds per rate",
                        cxxopts::value<double>()->default_value("5"))(
      "rates", "Rates to measure",
      cxxopts::value<std::vector<double>>()->default_value("20,200,1000,5000"))(
      "workers", "Worker threads", cxxopts::value<int>()->default_value("32"));
  const auto parsed = options.parse(argc, argv);
  const double seconds = parsed["seconds"].as<double>();
  const int workers = parsed["workers"].as<int>();

  perfscale::test::TempDir dir;
  perfscale::test::ChildProcess sim({PERFSCALE_SIM_BINARY, "--kubeconfig-out",
                                     dir.file("kubeconfig"), "--profile", "instant",
                                     "--max-readonly-inflight", "4000"});
  auto url = sim.readLine(20s);
  if (!url) {
    std::cerr << "perfscale-sim did not start: " << sim.stderrText() << '\n';
    return 2;
  }
  perfscale::kube::KubeconfigOverrides overrides;
  overrides.kubeconfig = dir.file("kubeconfig");
  const auto cluster =
      perfscale::kube::loadClusterConfig(overrides, perfscale::kube::Environment::process());

  std::string command;
  for (int i = 0; i < argc; ++i)
    command += (i ? " " : "") + std::string(argv[i]);
  std::cout
      << "perfscale-limiter-bench: GET /api/v1/namespaces/default through RestClient, burst 1, "
      << workers << " workers, " << seconds << " s per rate, against perfscale-sim at " << *url
      << "\n  command  " << command << "\n\n"
      << "     qps   requests   achieved/s   error%   sent-granted p50 ms   p99 ms   max ms   "
         "non-200\n";
  for (double qps : parsed["rates"].as<std::vector<double>>()) {
    auto limiter = std::make_shared<perfscale::kube::TokenBucket>(qps, 1);
    perfscale::kube::RestClient client(cluster, limiter);
    const size_t total = static_cast<size_t>(qps * seconds);
    // The bucket's grant times are its schedule; how late each request then went out
    // (sleep overshoot, worker availability, the write itself) is the dispatch jitter.
    std::vector<std::chrono::steady_clock::time_point> grants;
    std::vector<int64_t> lateness;
    grants.reserve(total);
    std::mutex mutex;
    std::atomic<size_t> next{0};
    std::atomic<size_t> failures{0};
    std::vector<std::thread> threads;
    for (int w = 0; w < workers; ++w) {
      threads.emplace_back([&] {
        while (next.fetch_add(1) < total) {
          perfscale::kube::RestRequest request;
          request.path = "/api/v1/namespaces/default";
          std::chrono::steady_clock::time_point granted, sent;
          request.onTry = [&](const perfscale::kube::TryReport& report) {
            if (report.tryNumber == 1) {
              granted = report.granted;
              sent = report.sent;
            }
          };
          const auto response = client.send(request);
          if (response.status != 200) ++failures;
          std::lock_guard<std::mutex> lock(mutex);
          grants.push_back(granted);
          lateness.push_back((sent - granted).count());
        }
      });
    }
    for (auto& thread : threads)
      thread.join();
    std::sort(grants.begin(), grants.end());
    const auto d = perfscale::stats::distribution(lateness);
    const double span = std::chrono::duration<double>(grants.back() - grants.front()).count();
    const double achieved = span > 0 ? static_cast<double>(grants.size() - 1) / span : 0;
    std::cout << std::fixed << std::setw(8) << std::setprecision(0) << qps << std::setw(11)
              << grants.size() << std::setw(13) << std::setprecision(1) << achieved << std::setw(9)
              << std::setprecision(2) << (achieved / qps - 1) * 100 << std::setw(16)
              << std::setprecision(3) << d.p50 / 1e6 << std::setw(9) << d.p99 / 1e6 << std::setw(9)
              << d.max / 1e6 << std::setw(10) << failures.load() << '\n';
  }
  sim.stop(SIGTERM);
  return 0;
}
