// The HTTP server of dancu: Boost.Beast with C++20 coroutines, serving web/api.h.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "store/store.h"
#include "web/api.h"

namespace dancu::web {

// Every byte from the network is hostile: the server bounds what one connection and all of
// them together may hold, and refuses (400/413/503) before reading what it would not keep.
struct ServeOptions {
  std::string listen = "127.0.0.1:8080";  // host:port; port 0 picks a free port
  int threads = 0;  // I/O threads; 0 = one per CPU this process may run on. Handlers that
                    // block (files, documents) belong on a worker pool, not on these threads.
  size_t max_body_bytes = 25 * 1024 * 1024;  // hard cap for any body (uploads: 20 MB + headroom)
  // The body limit of one request, decided from its method and target once the header is in,
  // before any body byte is read (web::BodyLimitFor); empty = max_body_bytes for every request.
  std::function<size_t(std::string_view method, std::string_view target)> body_limit;
  // Open connections at most; 0 = the file-descriptor limit less a reserve for databases.
  // Connections beyond it are answered 503 and closed.
  size_t max_connections = 0;
  // Declared body bytes all connections may be receiving at once; a request that would pass
  // it is answered 503 before its body is read.
  size_t max_body_bytes_in_flight = 256 * 1024 * 1024;
  // Called once a request's header is in and checked, before its body is read: a response
  // refuses the request there (e.g. 401 for an upload without a session), so a body nobody
  // may send is never received. `head` has no body. Must not block. Empty = admit all.
  std::function<std::optional<Response>(const Request& head)> admit;
  std::chrono::seconds header_timeout{30};  // to receive a request's header
  std::chrono::seconds body_timeout{120};   // to receive its body (uploads on slow links)
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
// `handler` is called from several threads at once and must be thread-safe. Requests whose
// target or header values are not printable ASCII / valid UTF-8 are answered 400 before the
// handler sees them. An exception escaping `handler` becomes a 500 and a log line.
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
