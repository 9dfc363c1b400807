"""sitrep's web pages and their JSON twins, read-only over a store."""

from sitrep.web.app import create_app, serve

__all__ = ["create_app", "serve"]
