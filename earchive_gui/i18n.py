"""One translation approach for the whole application: :mod:`earchive.messages`.

Every text the GUI shows has a message code.  The core's codes (errors, findings,
build notes) are registered by the core modules; the GUI's own codes (``gui.*``) are
registered by the module that declares the widget, in a ``register()`` block at its
end, in English and Swedish, with named placeholders.  :func:`tr` renders a code in
the current language, so the CLI (``--lang``) and the GUI show the same Swedish for
the same finding.

Qt's own widgets (the buttons of standard dialogs, the file dialog) are translated by
the ``qtbase_<lang>.qm`` catalogue that ships with Qt (:func:`install_qt_translator`).

Switching language at run time calls :func:`set_language`, which tells every
listener (:data:`notifier`); each widget re-renders its texts in ``retranslate()``.
"""

from __future__ import annotations

import re
from typing import Any, Callable

from earchive.messages import CATALOGUE, LANGUAGES, register, render

#: Language setting values; "system" follows the operating system's language.
LANGUAGE_CHOICES = ("system", "en", "sv")

_current = "en"
_listeners: list[Callable[[str], None]] = []
_qt_translators: list = []
_notifier = None


def tr(code: str, **params: Any) -> str:
    """The text of ``code`` in the current language, with ``params`` filled in."""
    return render(code, params, _current)


def field_label(key: str) -> str:
    """The label of a form field ("agent:submitter.name" -> "Submitting agent: name"), or the key."""
    code = "gui.field." + re.sub(r"\[\d+\]", "", key)
    return tr(code) if code in CATALOGUE else key


def language() -> str:
    """The current language code ('en' or 'sv')."""
    return _current


def resolve(choice: str, system_locale: str = "") -> str:
    """The language for a setting value: 'en', 'sv', or the system's ('sv' for sv_SE, sv_FI...)."""
    if choice in LANGUAGES:
        return choice
    return "sv" if system_locale.lower().startswith("sv") else "en"


def set_language(lang: str) -> None:
    """Switch the language and tell every listener (widgets re-render their texts)."""
    global _current
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; allowed: {', '.join(LANGUAGES)}")
    changed = lang != _current
    _current = lang
    install_qt_translator(lang)
    if changed:
        for listener in list(_listeners):
            listener(lang)
        if _notifier is not None:
            _notifier.changed.emit(lang)


def on_language_changed(listener: Callable[[str], None]) -> Callable[[], None]:
    """Call ``listener(lang)`` after every switch; returns a function that disconnects it.

    A bound method of a QObject is connected through a Qt signal, so it is disconnected
    by Qt when its object is destroyed.
    """
    owner = getattr(listener, "__self__", None)
    if owner is not None and _is_qobject(owner):
        notifier().changed.connect(listener)
        return lambda: notifier().changed.disconnect(listener)
    _listeners.append(listener)

    def disconnect() -> None:
        if listener in _listeners:
            _listeners.remove(listener)

    return disconnect


def _is_qobject(obj: Any) -> bool:
    try:
        from PySide6.QtCore import QObject
    except ImportError:  # pragma: no cover
        return False
    return isinstance(obj, QObject)


def notifier():
    """The QObject whose ``changed(str)`` signal announces a language switch."""
    global _notifier
    if _notifier is None:
        from PySide6.QtCore import QObject, Signal

        class _Notifier(QObject):
            changed = Signal(str)

        _notifier = _Notifier()
    return _notifier


def install_qt_translator(lang: str) -> None:
    """Load Qt's own catalogue (standard buttons, file dialog) for ``lang``, when a QApplication exists."""
    from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

    app = QCoreApplication.instance()
    if app is None:
        return
    for old in _qt_translators:
        app.removeTranslator(old)
    _qt_translators.clear()
    if lang == "en":
        return
    path = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(f"qtbase_{lang}", path):
        app.installTranslator(translator)
        _qt_translators.append(translator)


def human_size(n: float) -> str:
    """Bytes for people: '1.2 GB' ('1,2 GB' in Swedish)."""
    units = ("B", "kB", "MB", "GB", "TB")
    value = float(n)
    unit = units[0]
    for unit in units:
        if value < 1000 or unit == units[-1]:
            break
        value /= 1000
    text = f"{value:.0f}" if unit == "B" or value >= 100 else f"{value:.1f}"
    return (text.replace(".", ",") if _current == "sv" else text) + f"\u00a0{unit}"


def human_duration(seconds: float | None) -> str:
    """'about 3 min 20 s' style durations; '' when unknown."""
    if seconds is None:
        return tr("gui.time.unknown")
    seconds = max(0, int(round(seconds)))
    if seconds < 60:
        return tr("gui.time.seconds", s=seconds)
    minutes, s = divmod(seconds, 60)
    if minutes < 60:
        return tr("gui.time.minutes", m=minutes, s=s)
    hours, minutes = divmod(minutes, 60)
    return tr("gui.time.hours", h=hours, m=minutes)


def number(n: int) -> str:
    """An integer with thousands separators (a thin space in Swedish)."""
    text = f"{n:,}"
    return text.replace(",", "\u00a0") if _current == "sv" else text


register(
    {
        "gui.time.unknown": {"en": "estimating…", "sv": "beräknar…"},
        "gui.time.seconds": {"en": "{s} s", "sv": "{s} s"},
        "gui.time.minutes": {"en": "{m} min {s} s", "sv": "{m} min {s} s"},
        "gui.time.hours": {"en": "{h} h {m} min", "sv": "{h} tim {m} min"},
    }
)
