"""A thin Telegram adapter around the answer engine: updates in, cited quotes out."""

from bot.app import build_application, run
from bot.handlers import register_handlers
from bot.settings import Settings, load_settings

__all__ = ["Settings", "build_application", "load_settings", "register_handlers", "run"]
