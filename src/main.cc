// dancu entry point: all wiring happens in the cli module.
#include "cli/cli.h"

int main(int argc, char** argv) { return dancu::cli::Run(argc, argv); }
