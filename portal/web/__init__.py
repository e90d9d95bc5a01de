"""The browser side of the 报送与审核平台, mounted at /portal in the `ziping serve` app.

- context: what the portal runs with (database, folders, limits) and the objects every request shares;
- app: the mounted sub-application (security headers, error pages, static files, routers);
- sessions: sign-in sessions in the database, the cookie that names them, who is signed in;
- csrf: the per-session token every form posts, checked on every POST;
- forms: bounded reading of posted forms, and the streaming multipart reader of uploads;
- access: which objects a user may see (per role), 404 for the rest;
- auth: the sign-in and sign-out pages;
- clerk: the pages of 填报单位 (upload, findings, marked copy, submit, submissions);
- review: the pages of reviewers (主管部门, 财政局): dashboard, forms table, one form, decisions, downloads;
- rules: the explanation of a rule code;
- uploads: checking and storing uploaded workbooks, and submitting their forms;
- demo: the demo portal of `ziping serve --demo`.

A role's pages are a router of their own (clerk.router, review.router), included in app.build_portal;
`access.home_of` says where each role lands after signing in.
"""

from .context import PortalConfig, portal_enabled

__all__ = ["PortalConfig", "mount_portal", "portal_enabled"]


def mount_portal(app, settings, lock) -> None:
    """Mount the portal at /portal of the server app (see ziping.server.build_app)."""
    from .app import mount

    mount(app, PortalConfig.from_settings(settings), lock)
