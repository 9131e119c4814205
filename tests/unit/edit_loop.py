"""Run as a process by test_crash_safety: committed edits in a loop through the service layer,
printing each edit after its commit returned. Not a test module."""

import sys
from pathlib import Path

from jobdesk.db.database import DATABASE_FILE_NAME, open_database
from jobdesk.services.container import Services

data_dir, run = Path(sys.argv[1]), int(sys.argv[2])
db = open_database(path=data_dir / DATABASE_FILE_NAME)
services = Services.build(db)
anchor = services.companies.find_or_create("Anchor")
print(f"ready {anchor.id}", flush=True)
i = 0
while True:
    i += 1
    company = services.companies.create(name=f"Run {run} company {i}")
    print(f"company {company.id}", flush=True)
    services.companies.set_field(anchor.id, "notes", f"{run}:{i}")
    print(f"notes {run}:{i}", flush=True)
