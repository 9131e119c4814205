"""``jobdesk attach FILE... --application ID [--label TEXT]``: store documents and record that
they were sent with an application (the same store and checks as a drop in the window)."""

from __future__ import annotations

import sys

from jobdesk.domain.errors import JobDeskError

NAME = "attach"
HELP = "store files in the document library and link them to an application"


def add_arguments(parser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help="files to attach")
    parser.add_argument("--application", type=int, metavar="ID",
                        help="the application's number (without it the files only go into "
                             "the library)")
    parser.add_argument("--label", metavar="TEXT",
                        help="label for new documents, e.g. \"Resume - data roles v3\" "
                             "(default: the file name)")


def run(args, context) -> int:
    from jobdesk.services.documents import store_and_attach

    services = context.open_services()
    try:
        if args.application is not None:
            services.applications.get(args.application)  # a clear message if it is unknown
        results = store_and_attach(services.documents, args.files, args.application,
                                   label=args.label)
    finally:
        services.store.db.close()
    failed = 0
    for path, result in results:
        if isinstance(result, JobDeskError):
            failed += 1
            print(f"jobdesk attach: {result}", file=sys.stderr)
        else:
            where = f"application #{args.application}" if args.application else ""
            print(f"{path}: {result.describe(where)}")
    return 1 if failed else 0
