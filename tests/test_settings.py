from __future__ import annotations

import re
from pathlib import Path

import pytest

from sitrep.errors import SettingsError
from sitrep.settings import Settings, env_name, settings_fields

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_environment_overrides_defaults() -> None:
    settings = Settings.from_env({"SITREP_DB": "/tmp/x.db", "SITREP_BATCH_SIZE": "8"})
    assert (settings.db, settings.batch_size, settings.port) == ("/tmp/x.db", 8, 8000)


def test_a_bad_number_names_the_variable() -> None:
    with pytest.raises(SettingsError, match="SITREP_PORT"):
        Settings.from_env({"SITREP_PORT": "eighty"})


def test_every_setting_is_documented_with_its_help() -> None:
    rows = {
        m[0]: (m[1], m[2])
        for m in re.findall(r"^\| `(\w+)` \| `(\w+)` \| .*? \| (.+?) \|$", DOC.read_text(), re.M)
    }
    for field in settings_fields():
        assert field.name in rows, f"docs/settings.md lacks {field.name}"
        variable, meaning = rows[field.name]
        assert variable == env_name(field.name)
        assert meaning == field.metadata["help"], f"{field.name}: docs and code disagree"
    assert set(rows) == {f.name for f in settings_fields()}
