// The registry module's interface for the modules above it (web, cli): organisations,
// campaigns, registration forms and accounts, commitments, import/export, demo data.
#pragma once

#include "registry/account_row.h"
#include "registry/campaign.h"
#include "registry/catalogue.h"
#include "registry/commitment.h"
#include "registry/demo.h"
#include "registry/export.h"
#include "registry/form_import.h"
#include "registry/history.h"
#include "registry/registration.h"
#include "registry/seed_scenario.h"
#include "registry/table_file.h"
