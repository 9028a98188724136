"""`make demo`: make sure a demo admin exists, printing its password once when it is new.

The password comes from RATLINE_DEMO_PASSWORD when set, else it is generated.
"""

from __future__ import annotations

import os

from ratline.store import open_store
from ratline.web.users import add_user, count_users, new_password

DEMO_USER = "demo"


def main() -> None:
    store = open_store()
    if count_users(store, role="admin"):
        print("an admin exists already; log in with its password")
        return
    password = os.environ.get("RATLINE_DEMO_PASSWORD") or new_password()
    add_user(store, DEMO_USER, "admin", password)
    if os.environ.get("RATLINE_DEMO_PASSWORD"):
        print(f"demo admin {DEMO_USER!r} created with RATLINE_DEMO_PASSWORD")
    else:
        print(f"demo admin {DEMO_USER!r} created; password (shown once): {password}")


if __name__ == "__main__":
    main()
