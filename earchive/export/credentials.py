"""Secrets for targets: from the environment or the operating system's keyring, never from files.

Order: the environment variable (``EARCHIVE_RODA_PASSWORD``, ``EARCHIVE_RODA_ACCESS_KEY``,
``EARCHIVE_ARCHIVEMATICA_API_KEY``) wins, for scripts and CI; otherwise the keyring
entry of the target (service :attr:`Target.secret_service`, user name = target user or
"access-key").  Nothing here logs or prints a secret.
"""

from __future__ import annotations

import os

from earchive.export.target import ExportError, Target, TargetKind


def env_var(target: Target) -> str:
    if target.kind is TargetKind.ARCHIVEMATICA:
        return "EARCHIVE_ARCHIVEMATICA_API_KEY"
    return "EARCHIVE_RODA_ACCESS_KEY" if target.auth == "access-key" else "EARCHIVE_RODA_PASSWORD"


def _keyring_user(target: Target) -> str:
    return target.user or "access-key"


def get_secret(target: Target, *, required: bool = True) -> str:
    """The secret of ``target``; raises ExportError ``export.no_secret`` when none is stored."""
    value = os.environ.get(env_var(target), "")
    if value:
        return value
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            value = keyring.get_password(target.secret_service, _keyring_user(target)) or ""
        except KeyringError:
            value = ""
    except ImportError:
        value = ""
    if not value and required:
        raise ExportError("export.no_secret", target=target.name or target.url or target.folder, env=env_var(target))
    return value


def store_secret(target: Target, secret: str) -> None:
    """Keep ``secret`` in the keyring; raises ExportError ``export.no_keyring`` when there is no usable keyring."""
    try:
        import keyring
        from keyring.errors import KeyringError

        keyring.set_password(target.secret_service, _keyring_user(target), secret)
    except (ImportError, RuntimeError) as exc:  # keyring's fail backend raises RuntimeError subclasses
        raise ExportError("export.no_keyring", env=env_var(target), detail=str(exc)) from None
    except KeyringError as exc:
        raise ExportError("export.no_keyring", env=env_var(target), detail=str(exc)) from None


def forget_secret(target: Target) -> None:
    try:
        import keyring

        keyring.delete_password(target.secret_service, _keyring_user(target))
    except Exception:  # noqa: BLE001 - nothing stored, or no keyring: nothing to forget
        pass
