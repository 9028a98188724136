"""The web stage: a local FastAPI app with server-rendered pages and a JSON API.

Import `ratline.web.app.create_app` to build it; this package root stays light so the
CLI can manage users without loading the web framework.
"""
