"""`tariff year`, `tariff lookup` and `import tariffs` end to end, on the embedded data
(derived from the reference files) and on the reference files themselves."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.cli_support import Cli


def _line(result: Any, code: str) -> Any:
    return next(line for line in result["lines"] if line["line"] == code)


def test_tariff_year(cli: Cli) -> None:
    assert cli("tariff", "year", "--to", "JP", "--date", "2026-04-01") == {
        "party": "JP", "date": "2026-04-01", "rcep_year": 6, "year_start": "2026-04-01",
        "year_end": "2027-03-31"}  # fmt: skip
    assert cli("tariff", "year", "--to", "CN", "--date", "2026-12-31")["rcep_year"] == 5
    assert cli("tariff", "year", "--to", "JP", "--date", "2021-12-31", status=2)["error"][
        "field"] == "date"  # fmt: skip
    assert cli("tariff", "year", "--to", "XX", "--date", "2026-01-01", status=2)["error"]


def test_japan_lines_from_the_embedded_data(cli: Cli) -> None:
    tshirts = _line(cli("tariff", "lookup", "--hs", "6109.10", "--to", "JP", "--date",
                        "2026-07-01"), "610910020")  # fmt: skip
    assert (tshirts["mfn_rate"], tshirts["rcep_rate"], tshirts["applied_rate"]) == (7.4, 4.6, 4.6)
    assert tshirts["rcep_rate_year"] == 6
    assert tshirts["source_date"] == "2026-07-09"
    assert tshirts["final_rate"] is None  # an applied tariff does not know the final rate
    assert tshirts["tariff_differential"] is True  # ASEAN/AU/NZ goods pay 0 %
    menthol = _line(cli("tariff", "lookup", "--hs", "290611", "--to", "JP", "--date",
                        "2026-07-01"), "290611000")  # fmt: skip
    assert (menthol["mfn_rate"], menthol["rcep_rate"]) == (5.5, 2.5)
    sorbitol = _line(cli("tariff", "lookup", "--hs", "2905.44", "--to", "JP"), "290544000")
    assert sorbitol["rcep_rate"] is None
    assert sorbitol["applied_rate"] == 17.0


def test_annex1_schedules_from_the_embedded_data(cli: Cli) -> None:
    au = _line(cli("tariff", "lookup", "--hs", "8507.60", "--to", "AU", "--date",
                   "2026-05-01"), "85076000")  # fmt: skip
    assert au["rcep_rate"] == 0.0
    assert au["path"][0] == {"year": 1, "rate": 0.0, "text": None, "excluded": False}
    assert "DFAT" in au["source"]
    cn = _line(cli("tariff", "lookup", "--hs", "8507.60", "--to", "CN", "--from", "VN",
                   "--date", "2026-05-01"), "85076000")  # fmt: skip
    assert cn["rcep_rate"] == 9.0  # 12 % base, −0.6 a year, year 5
    assert (cn["final_rate"], cn["final_year"]) == (0.0, 21)
    coffee = _line(cli("tariff", "lookup", "--hs", "0901.21", "--to", "CN", "--from", "VN"),
                   "09012100")  # fmt: skip
    assert coffee["excluded"] is True
    assert coffee["rcep_rate"] is None


def test_no_data_is_an_error(cli: Cli) -> None:
    error = cli("tariff", "lookup", "--hs", "8507.60", "--to", "KR", status=2)["error"]
    assert error["code"] == "no_tariff_data"
    error = cli("tariff", "lookup", "--hs", "8507.60", "--to", "CN", "--from", "JP",
                status=2)["error"]  # fmt: skip
    assert error["code"] == "no_tariff_data"
    assert error["field"] == "from"  # China's data are on file, its schedule for Japan is not
    assert cli("tariff", "lookup", "--hs", "85", "--to", "JP", status=2)["error"]["field"] == "hs"


def test_import_the_reference_files(cli: Cli, shared_data: Path) -> None:
    folder = shared_data / "rcep-annex1-tariff-schedules" / "original"
    out = cli("import", "tariffs", str(folder / "recp-schedule-of-australia.xlsx"), "--format",
              "annex1", "--party", "AU", "--schedule", "ALL")  # fmt: skip
    assert (out["accepted"], out["rejected"]) == (6184, [])
    error = cli("import", "tariffs", str(folder / "recp-schedule-of-australia.xlsx"),
                "--format", "annex1", status=2)["error"]  # fmt: skip
    assert error["field"] == "party"
    cn = cli("import", "tariffs", str(folder / "recp-schedule-of-china-for-asean.xls"),
             "--format", "annex1", "--party", "CN", "--schedule", "ASEAN")  # fmt: skip
    assert (cn["accepted"], cn["rejected"]) == (8277, [])
    # import → lookup, end to end, on what was just imported
    au_line = _line(cli("tariff", "lookup", "--hs", "8507.60", "--to", "AU", "--date",
                        "2022-06-01"), "85076000")  # fmt: skip
    assert au_line["rcep_rate"] == 0.0
    cn_line = _line(cli("tariff", "lookup", "--hs", "8507.60", "--to", "CN", "--from", "TH",
                        "--date", "2040-06-01"), "85076000")  # fmt: skip
    assert cn_line["rcep_rate"] == 0.6  # year 19
    jp = cli("import", "tariffs",
             str(shared_data / "japan-customs-tariff" / "japan_applied_tariff_2026-07-09.csv"),
             "--format", "japan-applied")  # fmt: skip
    assert jp["source"] == "jp-applied"
    grape = _line(cli("tariff", "lookup", "--hs", "2009.69", "--to", "JP", "--date",
                      "2026-07-01"), "200969110")  # fmt: skip
    assert (grape["mfn_rate"], grape["rcep_rate"]) == (23.0, 14.4)
    assert cli("import", "tariffs", "x.csv", "--format", "pdf", status=2)["error"]["field"] == (
        "format"
    )
