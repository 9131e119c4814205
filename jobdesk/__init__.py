"""JobDesk: a local-first desk for running a job search."""

__version__ = "0.1.0"

APP_NAME = "JobDesk"
ORG_NAME = "JobDesk"
ORG_DOMAIN = "jobdesk.app"
