import sys

from jobdesk.app import main

sys.exit(main())
