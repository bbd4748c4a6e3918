"""The GUI's settings, declared once, typed and Qt-free, with versioned migrations.

Preferences (what the user chooses in the settings dialog) and window state (sizes,
splitter positions) live in separate groups, so that "reset preferences" never loses
the window layout and a corrupt window state never loses preferences.

The store is anything with ``value(key)``, ``setValue(key, value)``, ``remove(key)``
and ``contains(key)``: a ``QSettings`` in the application, a :class:`MemoryStore` in
tests.  QSettings on Linux returns strings for everything; :meth:`Settings.get`
turns them back into the declared type.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Callable, Protocol

#: Current layout of the stored settings; bump it and add a migration when a key changes.
SETTINGS_VERSION = 2
#: Where the version number is kept.
VERSION_KEY = "meta/version"


@dataclass(frozen=True)
class Option:
    """One setting: its key, type, default and what it is for."""

    key: str
    type: type
    default: Any
    doc: str


#: Preferences, shown in the settings dialog.
PREFERENCES = (
    Option("prefs/language", str, "system", "'system', 'en' or 'sv'"),
    Option("prefs/output_dir", str, "", "where packages are built unless the project says otherwise"),
    Option("prefs/autosave_seconds", int, 60, "how often an unsaved project is saved for crash recovery (0: never)"),
    Option("prefs/default_profile", str, "", "the delivery profile offered first for a new delivery (file path)"),
    Option("prefs/profile_dirs", list, [], "extra folders with shared delivery profiles"),
    Option("prefs/show_system_files", bool, True, "show system files (greyed out) in the source browser"),
    Option("prefs/open_output_after_build", bool, True, "open the output folder after a successful build"),
    Option("prefs/validate_after_build", bool, True, "validate every package after building it"),
    Option("prefs/recent_projects", list, [], "recently opened project files, newest first"),
    Option("prefs/new_package_mode", str, "one", "'one', 'per_folder' or 'per_file': what dropping sources on empty space does"),
)

#: Window state, kept apart from preferences.
STATE = (
    Option("state/geometry", bytes, b"", "main window geometry"),
    Option("state/window", bytes, b"", "tool bar and dock positions"),
    Option("state/splitter", bytes, b"", "source browser / plan / forms split"),
    Option("state/source_root", str, "", "last folder shown in the source browser"),
)

OPTIONS = {o.key: o for o in PREFERENCES + STATE}


class Store(Protocol):
    def value(self, key: str, default: Any = None) -> Any: ...
    def setValue(self, key: str, value: Any) -> None: ...
    def remove(self, key: str) -> None: ...
    def contains(self, key: str) -> bool: ...


class MemoryStore(dict):
    """A dict with the QSettings methods :class:`Settings` uses (for tests and --self-test)."""

    def value(self, key: str, default: Any = None) -> Any:
        return self.get(key, default)

    def setValue(self, key: str, value: Any) -> None:
        self[key] = value

    def remove(self, key: str) -> None:
        self.pop(key, None)

    def contains(self, key: str) -> bool:
        return key in self


class Settings:
    """Typed access to the declared options of a store; migrates old layouts on creation."""

    def __init__(self, store: Store) -> None:
        self.store = store
        migrate(store)

    def get(self, key: str) -> Any:
        """The value of a declared option, converted to its type (the default when unset or unreadable)."""
        option = OPTIONS[key]
        raw = self.store.value(key, None)
        if raw is None:
            return _copy(option.default)
        try:
            return _convert(raw, option.type)
        except (TypeError, ValueError):
            return _copy(option.default)

    def set(self, key: str, value: Any) -> None:
        """Store a declared option; raise TypeError when the value has the wrong type."""
        option = OPTIONS[key]
        if option.type is list:
            if not isinstance(value, (list, tuple)):
                raise TypeError(f"{key} takes a list, not {value!r}")
            self.store.setValue(key, json.dumps(list(value)))
            return
        if option.type is bytes:
            self.store.setValue(key, bytes(value))
            return
        if not isinstance(value, option.type) or (option.type is int and isinstance(value, bool)):
            raise TypeError(f"{key} takes a {option.type.__name__}, not {value!r}")
        self.store.setValue(key, value)

    def reset_preferences(self) -> None:
        for option in PREFERENCES:
            self.store.remove(option.key)

    def add_recent_project(self, path: str, keep: int = 8) -> None:
        recent = [p for p in self.get("prefs/recent_projects") if p != path]
        self.set("prefs/recent_projects", [path, *recent][:keep])


def _copy(value: Any) -> Any:
    return list(value) if isinstance(value, list) else value


def _convert(raw: Any, kind: type) -> Any:
    if kind is bool:
        if isinstance(raw, str):
            if raw.lower() in ("true", "1", "yes"):
                return True
            if raw.lower() in ("false", "0", "no"):
                return False
            raise ValueError(raw)
        return bool(raw)
    if kind is int:
        return int(raw)
    if kind is list:
        if isinstance(raw, str):
            value = json.loads(raw)
        else:
            value = raw
        if not isinstance(value, list):
            raise ValueError(raw)
        return value
    if kind is bytes:
        return bytes(raw.data()) if hasattr(raw, "data") else bytes(raw)
    return kind(raw)


# --------------------------------------------------------------------------------------
# Migrations: version n -> n + 1, each a function of the store
# --------------------------------------------------------------------------------------


def _v0_to_v1(store: Store) -> None:
    """Version 0 (before versioning) kept everything at top level: move it into prefs/."""
    for old, new in (("language", "prefs/language"), ("output_dir", "prefs/output_dir")):
        if store.contains(old):
            store.setValue(new, store.value(old))
            store.remove(old)


def _v1_to_v2(store: Store) -> None:
    """Version 1 stored autosave as minutes ("prefs/autosave_minutes"); now seconds."""
    if store.contains("prefs/autosave_minutes"):
        try:
            minutes = int(store.value("prefs/autosave_minutes"))
        except (TypeError, ValueError):
            minutes = 1
        store.setValue("prefs/autosave_seconds", minutes * 60)
        store.remove("prefs/autosave_minutes")


MIGRATIONS: dict[int, Callable[[Store], None]] = {0: _v0_to_v1, 1: _v1_to_v2}


def migrate(store: Store) -> int:
    """Bring a store up to SETTINGS_VERSION; returns the version it had.  Newer stores are left alone."""
    try:
        version = int(store.value(VERSION_KEY, 0) or 0)
    except (TypeError, ValueError):
        version = 0
    start = version
    while version < SETTINGS_VERSION:
        MIGRATIONS[version](store)
        version += 1
        store.setValue(VERSION_KEY, version)
    return start
