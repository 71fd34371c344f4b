// The HTTP server of dancu: Boost.Beast with C++20 coroutines, serving web/api.h.
#pragma once

#include <functional>
#include <string>

#include "store/store.h"

namespace dancu::web {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free port
  int threads = 4;                        // I/O threads (handlers may block on the database)
  size_t max_body_bytes = 25 * 1024 * 1024;  // uploads: 20 MB file + headroom
};

// Until user accounts and roles exist, dancu must only be reachable from this machine.
// Returns the parsed (host, port). Errors: invalid_argument for a malformed address or any
// address that is not loopback (127.0.0.0/8, ::1, localhost), with the reason.
core::Result<std::pair<std::string, unsigned short>> CheckListenAddress(const std::string& listen);

// Serves until SIGINT/SIGTERM. `on_ready` gets the bound "host:port" once listening.
// Errors: invalid_argument (address), unavailable (cannot bind).
core::Result<void> Serve(store::Database& db, const ServeOptions& options,
                         const std::function<void(const std::string&)>& on_ready);

}  // namespace dancu::web
