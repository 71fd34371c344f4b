// The HTTP server of dancu: Boost.Beast with C++20 coroutines, serving web/api.h.
#pragma once

#include <functional>
#include <string>

#include "store/store.h"
#include "web/api.h"

namespace dancu::web {

struct ServeOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free port
  int threads = 0;  // I/O threads; 0 = one per CPU this process may run on. Handlers that
                    // block (files, documents) belong on a worker pool, not on these threads.
  size_t max_body_bytes = 25 * 1024 * 1024;  // uploads: 20 MB file + headroom
  bool behind_tls = false;  // a TLS proxy terminates connections in front: any address allowed
  // Called once listening with a thread-safe function that stops the server (tests, embedding).
  std::function<void(std::function<void()> stop)> on_stop_handle;
};

// Passwords and session cookies must not cross the network in clear: dancu listens on a
// non-loopback address only when a TLS proxy is in front (`behind_tls`). Returns the parsed
// (host, port). Errors: invalid_argument for a malformed address, or a non-loopback address
// (not 127.0.0.0/8, ::1, localhost) without `behind_tls`, with the reason.
core::Result<std::pair<std::string, unsigned short>> CheckListenAddress(const std::string& listen,
                                                                       bool behind_tls = false);

// Serves `handler` until SIGINT/SIGTERM (dancu's web application is web::App, web/app.h).
// `on_ready` gets the bound "host:port" once listening. Errors: invalid_argument (address),
// unavailable (cannot bind).
// `handler` is called from several threads at once and must be thread-safe.
using Handler = std::function<Response(const Request&)>;
core::Result<void> ServeWith(const ServeOptions& options, Handler handler,
                             const std::function<void(const std::string&)>& on_ready);

// A handler that answers later, from any thread, by calling `reply` exactly once (e.g. after
// an audit record is durable) — the I/O thread is not held while it waits.
using Reply = std::function<void(Response)>;
using AsyncHandler = std::function<void(Request, Reply)>;
core::Result<void> ServeAsync(const ServeOptions& options, AsyncHandler handler,
                              const std::function<void(const std::string&)>& on_ready);

}  // namespace dancu::web
