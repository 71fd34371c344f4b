// The `dancu` command: subcommands over the registry, the web server and the validators.
#pragma once

namespace dancu::cli {

// Runs the command line; returns the process exit status: 0 success, 2 invalid input
// (with reasons printed), 1 any other error.
int Run(int argc, char** argv);

}  // namespace dancu::cli
