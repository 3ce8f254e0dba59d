"""SECRET_KEY generated once into var/, even when two processes start together."""

from pathlib import Path

from apoia.lib.env import secret_key_from


def test_a_fresh_var_dir_gets_a_private_key_reused_afterwards(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)

    first = secret_key_from(tmp_path)

    assert secret_key_from(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_a_key_another_process_wrote_meanwhile_wins(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    (tmp_path / "secret_key").write_text("chave-do-outro-processo")
    # The other process wrote it after this one looked and found nothing.
    monkeypatch.setattr(Path, "exists", lambda self: False)

    assert secret_key_from(tmp_path) == "chave-do-outro-processo"
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]
