// Server-side time of the web application's pages and the API calls that fill them, on the
// full Kiên Giang roster (issue 6 target: under 100 ms each). Each iteration goes through
// web::App like a browser request does: route, session, role and scope checks, handler,
// JSON — everything but the socket.
#include <benchmark/benchmark.h>

#include <chrono>
#include <future>

#include "auth/auth.h"
#include "full_roster.h"
#include "web/app.h"

namespace {

using namespace dancu;

struct Site {
  bench::Roster roster;
  std::unique_ptr<auth::Users> users;
  std::unique_ptr<auth::Sessions> sessions;
  std::unique_ptr<web::App> app;
  std::string cookie, csrf;
};

// Signs `login` in with a password and, for roles that need it, TOTP enrolment.
std::pair<std::string, std::string> SignIn(Site& s, const std::string& login, auth::Role role) {
  std::string password = "Bench-password-2026";
  auto added = s.users->Add({.login = login, .display_name = "Người Đo", .role = role, .unit_code = {},
                             .account = {}, .password = password}, "bench");
  if (!added) throw std::runtime_error(added.error().message);
  auto session = s.sessions->Login(login, password, "127.0.0.1");
  if (!session) throw std::runtime_error(session.error().message);
  if (session->stage == auth::Stage::kNeedEnrolment) {
    auto e = s.users->BeginTotp(added->user.id);
    auto code = auth::TotpCode(e->secret_base32, std::time(nullptr));
    if (auto ok = s.users->ConfirmTotp(added->user.id, *code); !ok) throw std::runtime_error(ok.error().message);
    auto done = s.sessions->EnrolmentDone(session->token);
    if (!done) throw std::runtime_error(done.error().message);
  }
  return {std::string(web::kSessionCookie) + "=" + session->token, session->csrf};
}

Site& Get() {
  static Site s = [] {
    Site s;
    s.roster = bench::BuildRoster("dancu-web-bench.db");
    s.users = std::make_unique<auth::Users>(*s.roster.db);
    s.sessions = std::make_unique<auth::Sessions>(*s.roster.db, *s.users);
    s.app = std::make_unique<web::App>(web::Services{.db = *s.roster.db, .users = s.users.get(),
                                                     .sessions = s.sessions.get()}, 2);
    std::tie(s.cookie, s.csrf) = SignIn(s, "bench.quantri", auth::Role::kAdmin);
    return s;
  }();
  return s;
}

web::Response Call(Site& s, const std::string& target) {
  web::Request req;
  req.method = "GET";
  size_t q = target.find('?');
  req.path = target.substr(0, q);
  if (q != std::string::npos) req.query = web::ParseQuery(std::string_view(target).substr(q + 1));
  req.headers["cookie"] = s.cookie;
  req.peer = "127.0.0.1";
  std::promise<web::Response> done;
  s.app->Handle(std::move(req), [&done](web::Response r) { done.set_value(std::move(r)); });
  return done.get_future().get();
}

void BM_Page(benchmark::State& state, std::string target) {
  auto& s = Get();
  size_t bytes = 0;
  for (auto _ : state) {
    auto r = Call(s, std::string(target));
    if (r.status != 200) {
      state.SkipWithError(("HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 200)).c_str());
      break;
    }
    bytes = r.body.size();
  }
  state.counters["kB"] = double(bytes) / 1024;
}

const std::string kCampaign = "/api/v1/campaigns/1";

BENCHMARK_CAPTURE(BM_Page, shell_dashboard, std::string("/quan-tri"))->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Page, dashboard, kCampaign + "/dashboard")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Page, compliance, kCampaign + "/compliance")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Page, registrations, kCampaign + "/registrations")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Page, accounts_2888, kCampaign + "/accounts")->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Page, catalogue_363, std::string("/api/v1/orgs?limit=1000"))->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Page, users, std::string("/api/v1/users"))->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK_CAPTURE(BM_Page, session, std::string("/api/v1/session"))->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
