"""Development: debug on, mail printed to the console, a fixed key that is never secret."""

from .base import *
from .env import env_bool, env_str

DEBUG = env_bool("DEBUG", True)
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
