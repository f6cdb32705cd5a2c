"""Uploads land inside the reports folder under a safe name, never overwrite, and must be text."""
from pathlib import Path

import pytest

from dashboard.upload import UploadRefused, safe_name, save_upload

REPORT = "2022年4月5日，吴忠市开展核酸检测。\n".encode()
LIMIT = 1_000_000


@pytest.mark.parametrize("name, expected", [
    ("../../etc/passwd.txt", "passwd.txt"),
    ("/abs/path/report.md", "report.md"),
    ("..\\..\\windows\\r.txt", "r.txt"),
    (".hidden.txt", "hidden.txt"),
    ("a b;rm -rf.txt", "a_b_rm_-rf.txt"),
    ("吴忠 报道.HTML", "吴忠_报道.html"),
])
def test_names_are_reduced_to_a_plain_base_name(name, expected):
    assert safe_name(name) == expected


@pytest.mark.parametrize("name", ["report.exe", "report", "..", ".txt.sh"])
def test_names_without_a_report_suffix_are_refused(name):
    with pytest.raises(UploadRefused):
        safe_name(name)


def test_upload_is_saved_inside_the_folder(tmp_path: Path):
    saved = save_upload("../../escape.txt", REPORT, tmp_path, LIMIT)
    assert saved == tmp_path.resolve() / "escape.txt"
    assert saved.read_bytes() == REPORT


def test_existing_file_gets_a_numeric_suffix_instead_of_being_overwritten(tmp_path: Path):
    (tmp_path / "r.txt").write_text("原来的报道 2022年1月1日")
    saved = save_upload("r.txt", REPORT, tmp_path, LIMIT)
    assert saved.name == "r-1.txt"
    assert (tmp_path / "r.txt").read_text() == "原来的报道 2022年1月1日"


def test_identical_bytes_already_present_are_not_saved_again(tmp_path: Path):
    save_upload("r.txt", REPORT, tmp_path, LIMIT)
    assert save_upload("copy.txt", REPORT, tmp_path, LIMIT) is None
    assert [p.name for p in tmp_path.iterdir()] == ["r.txt"]


def test_files_over_the_size_limit_are_refused(tmp_path: Path):
    with pytest.raises(UploadRefused, match="too large"):
        save_upload("big.txt", REPORT * 100, tmp_path, 100)
    assert not any(tmp_path.iterdir())


@pytest.mark.parametrize("data, reason", [
    (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not text"),
    (b"   \n", "empty"),
])
def test_files_that_are_not_text_are_refused_with_the_reason(tmp_path: Path, data, reason):
    with pytest.raises(UploadRefused, match=reason):
        save_upload("r.txt", data, tmp_path, LIMIT)
    assert not any(tmp_path.iterdir())
