"""The crosswalk tables of the UCDP GED and ACLED importers: every value they give is in
conflictdata's vocabularies, every code their codebooks list is covered, and lookups of anything
else fail with the table and the value named."""

from __future__ import annotations

import contextlib
import csv
import pickle
import re
import sys
from collections.abc import Callable
from importlib.resources import files

import pycountry
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conflictdata.exceptions import MissingExtraError
from conflictdata.importers._cameo import (
    cameo_actor_type,
    cameo_country,
    cameo_event,
    cameo_label,
    fips_country,
    icews_country,
)
from conflictdata.importers._crosswalk import (
    CROSSWALK_VERSION,
    PloverCoding,
    UnknownCode,
    acled_actor_type,
    acled_event,
    gw_country,
    iso_numeric_country,
    ucdp_country,
    ucdp_violence,
)
from conflictdata.vocab import ACTOR_TYPES, EVENT_CONTEXTS, EVENT_MODES, EVENT_TYPES

FOLDER = files("conflictdata.importers") / "crosswalks"
TABLES = [
    "acled_events.csv",
    "acled_inter.csv",
    "acled_iso.csv",
    "cameo_actor_types.csv",
    "cameo_plover.csv",
    "fips_iso.csv",
    "gw_states.csv",
    "icews_countries.csv",
    "ucdp_violence.csv",
]

#: The event types and sub-event types of the ACLED Codebook (2023 and later), as it writes them.
ACLED_CODEBOOK = {
    "Battles": [
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
    ],
    "Explosions/Remote violence": [
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ],
    "Violence against civilians": [
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ],
    "Protests": [
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
    ],
    "Riots": ["Violent demonstration", "Mob violence"],
    "Strategic developments": [
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ],
}
ACLED_PAIRS = [(kind, sub) for kind, subs in ACLED_CODEBOOK.items() for sub in subs]

#: ACLED inter1/inter2: the numeric codes before 2023 and the text labels since.
ACLED_INTER = {
    1: "State forces",
    2: "Rebel group",
    3: "Political militia",
    4: "Identity militia",
    5: "Rioters",
    6: "Protesters",
    7: "Civilians",
    8: "External/Other forces",
}

#: Every distinct country name with its country_id, and every gwnoa and gwnob, in the real UCDP
#: GED 19.1 sample (shared/samples/ucdp_ged/ged191_BGD_MMR_first300.csv: header and first 300
#: records for Bangladesh and Myanmar, from OCHA-DAP/hdx-scraper-ucdp @ b27080bb; data CC BY 4.0,
#: Sundberg & Melander 2013). gwnob is empty in every one of those rows.
UCDP_SAMPLE_COUNTRIES = {("Bangladesh", 771): "BGD", ("Myanmar (Burma)", 775): "MMR"}
UCDP_SAMPLE_GWNOA = {771: "BGD", 775: "MMR", 750: "IND"}


def rows(name: str) -> list[dict[str, str]]:
    """The data rows of a shipped table."""
    text = (FOLDER / name).read_text(encoding="utf-8")
    return list(csv.DictReader(line for line in text.splitlines() if not line.startswith("#")))


CODING_ROWS = [
    row
    for name in ("acled_events.csv", "ucdp_violence.csv", "cameo_plover.csv")
    for row in rows(name)
]
GW_ROWS = rows("gw_states.csv")


@pytest.mark.parametrize("name", TABLES)
def test_tables_are_shipped_versioned_and_documented(name: str) -> None:
    """Each table names the crosswalk version in its header and gives every row a note, except
    the country rows whose mapping is plain (an ISO code for the state of the same name)."""
    header = [
        line
        for line in (FOLDER / name).read_text(encoding="utf-8").splitlines()
        if line.startswith("#")
    ]
    assert f"Crosswalk version {CROSSWALK_VERSION} " in "\n".join(header)
    if name != "gw_states.csv":
        assert [] == [row for row in rows(name) if not row["note"]]
    assert CROSSWALK_VERSION in (FOLDER / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "row",
    CODING_ROWS,
    ids=lambda row: row.get("sub_event_type") or row.get("cameo") or row["label"],
)
def test_codings_are_in_the_vocabularies(row: dict[str, str]) -> None:
    """Every PLOVER coding of a table row is a PLOVER type, a mode of that type or none,
    PLOVER contexts, and a direction of 0 or 1; a row without a type has none of them."""
    contexts = [context for context in row["context"].split(";") if context]
    if row["type"]:
        assert row["type"] in EVENT_TYPES
        assert row["mode"] == "" or row["mode"] in EVENT_MODES[row["type"]]  # type: ignore[index]
        assert set(contexts) <= set(EVENT_CONTEXTS)
        assert row["directed"] in {"0", "1"}
    else:
        assert ("", [], "0") == (row["mode"], contexts, row["directed"])


def test_ucdp_violence() -> None:
    """Every GED row is an assault; state-based and non-state violence are undirected, and
    one-sided violence is directed from side A to the civilians of side B."""
    expected = {
        1: PloverCoding("ASSAULT", None, ("military",), directed=False),
        2: PloverCoding("ASSAULT", None, (), directed=False),
        3: PloverCoding("ASSAULT", None, (), directed=True),
    }
    assert expected == {code: ucdp_violence(code) for code in (1, 2, 3)}


@pytest.mark.parametrize(("event_type", "sub_event_type"), ACLED_PAIRS)
def test_every_acled_pair_is_covered(event_type: str, sub_event_type: str) -> None:
    """Every event and sub-event type pair of the ACLED codebook maps to a PLOVER coding, or to
    None only where its row says why no PLOVER type fits."""
    coding = acled_event(event_type, sub_event_type)
    if coding is None:
        (row,) = [r for r in rows("acled_events.csv") if r["sub_event_type"] == sub_event_type]
        assert row["note"].startswith("no ")


def test_acled_table_holds_the_codebook() -> None:
    """The table holds the codebook's pairs and, beside them, only the spelling of one label
    used before 2023."""
    table = {(row["event_type"], row["sub_event_type"]) for row in rows("acled_events.csv")}
    assert {("Protests", "Excessive force against protestors")} == table - set(ACLED_PAIRS)
    assert set() == set(ACLED_PAIRS) - table


def _recase(text: str, flips: list[bool]) -> str:
    return "".join(
        c.swapcase() if flip else c
        for c, flip in zip(text, flips + [False] * len(text), strict=False)
    )


@given(
    pair=st.sampled_from(ACLED_PAIRS),
    flips=st.lists(st.booleans(), max_size=40),
    pads=st.tuples(*[st.sampled_from(["", " ", "\t", "  ", "\n"])] * 4),
)
def test_acled_event_ignores_case_and_surrounding_blanks(
    pair: tuple[str, str], flips: list[bool], pads: tuple[str, str, str, str]
) -> None:
    """A label in another case or with blanks around it maps as the codebook's label does."""
    kind, sub = pair
    written = (pads[0] + _recase(kind, flips) + pads[1], pads[2] + _recase(sub, flips) + pads[3])
    assert acled_event(kind, sub) == acled_event(*written)


@given(st.sampled_from(ACLED_PAIRS), st.sampled_from(["-", "s", "/", " x"]))
def test_acled_event_does_not_guess(pair: tuple[str, str], extra: str) -> None:
    """A label that is not the codebook's (a character added inside) is an UnknownCode naming
    the table and the value."""
    kind, sub = pair
    with pytest.raises(UnknownCode) as info:
        acled_event(kind, sub[:3] + extra + sub[3:])
    assert ("acled_events.csv", True) == (
        info.value.table,
        repr(sub[:3] + extra + sub[3:]) in str(info.value),
    )


@pytest.mark.parametrize(("code", "label"), ACLED_INTER.items())
def test_acled_actor_types(code: int, label: str) -> None:
    """A numeric inter code, the same code as text and its label give one actor type, which
    conflictdata accepts."""
    found = {
        acled_actor_type(code),
        acled_actor_type(str(code)),
        acled_actor_type(f" {label.upper()} "),
    }
    assert 1 == len(found)
    assert found <= set(ACTOR_TYPES)


@pytest.mark.parametrize("inter", [0, 9, "0", "", "Soldiers", "State force", True])
def test_acled_actor_type_unknown(inter: object) -> None:
    """inter 0 (no actor), codes beyond 8 and other labels are UnknownCode."""
    with pytest.raises(UnknownCode, match=re.escape("acled_inter.csv")):
        acled_actor_type(inter)  # type: ignore[arg-type]


@pytest.mark.parametrize(("key", "alpha3"), UCDP_SAMPLE_COUNTRIES.items())
def test_ucdp_sample_countries(key: tuple[str, int], alpha3: str) -> None:
    """Every country name and country_id of the real UCDP sample maps, to the same code."""
    name, gwno = key
    assert (alpha3, alpha3) == (ucdp_country(name), gw_country(gwno))


@pytest.mark.parametrize(("gwno", "alpha3"), UCDP_SAMPLE_GWNOA.items())
def test_ucdp_sample_sides(gwno: int, alpha3: str) -> None:
    """Every gwnoa of the real UCDP sample maps."""
    assert alpha3 == gw_country(gwno)


@given(st.sampled_from(GW_ROWS))
def test_ucdp_name_and_gw_number_agree(row: dict[str, str]) -> None:
    """A state's UCDP names (the present one and earlier ones) and its GW number give the same
    code, whether pycountry or the table answers."""
    names = [row["ucdp_name"], *filter(None, row["earlier_ucdp_names"].split(";"))]
    assert {gw_country(int(row["gwno"]))} == {ucdp_country(name) for name in names}


def test_gw_codes_are_iso() -> None:
    """Every alpha-3 code of the table is a current ISO 3166-1 code, and a state without one
    says why; GW numbers and UCDP names are unique."""
    assert [] == [
        row
        for row in GW_ROWS
        if row["alpha3"] and pycountry.countries.get(alpha_3=row["alpha3"]) is None
    ]
    assert [] == [row for row in GW_ROWS if not row["alpha3"] and not row["note"]]
    assert (
        len(GW_ROWS)
        == len({row["gwno"] for row in GW_ROWS})
        == len({row["ucdp_name"] for row in GW_ROWS})
    )


def test_former_states() -> None:
    """UCDP's continuing states take their present code; dissolved states and Kosovo have none."""
    expected = {
        345: "SRB",
        365: "RUS",
        678: "YEM",
        260: "DEU",
        265: None,
        315: None,
        347: None,
        680: None,
    }
    assert expected == {gwno: gw_country(gwno) for gwno in expected}


@given(st.integers() | st.text(max_size=5))
def test_gw_country_unknown(gwno: int | str) -> None:
    """A number in the table (as an int or as digits) gives its row's code; anything else is
    UnknownCode, with the value in the message."""
    known = {int(row["gwno"]): row["alpha3"] or None for row in GW_ROWS}
    text = gwno.strip() if isinstance(gwno, str) else ""
    number = (
        int(text) if text.isascii() and text.isdigit() else gwno if isinstance(gwno, int) else None
    )
    if number in known:
        assert known[number] == gw_country(gwno)  # type: ignore[arg-type]
    else:
        with pytest.raises(UnknownCode) as info:
            gw_country(gwno)  # type: ignore[arg-type]
        assert repr(gwno) in str(info.value)


@pytest.mark.parametrize("name", ["Yugoslavia", "Burma", "Myanmar (Birma)", "", "Atlantis"])
def test_ucdp_country_unknown(name: str) -> None:
    """A name that neither pycountry nor the table knows is UnknownCode naming it."""
    with pytest.raises(UnknownCode, match=re.escape(repr(name))):
        ucdp_country(name)


@given(st.integers(min_value=-5, max_value=1100))
def test_iso_numeric_country(code: int) -> None:
    """An ISO 3166-1 numeric code gives pycountry's alpha-3, as an int or as text with leading
    zeros; any other number but ACLED's 0 is UnknownCode naming it."""
    found = pycountry.countries.get(numeric=f"{code:03d}") if 0 < code < 1000 else None
    if found is not None:
        assert (found.alpha_3, found.alpha_3) == (
            iso_numeric_country(code),
            iso_numeric_country(f"{code:03d}"),
        )
    elif code == 0:
        assert (None, None) == (iso_numeric_country(0), iso_numeric_country(" 0 "))
    else:
        with pytest.raises(UnknownCode) as info:
            iso_numeric_country(code)
        assert repr(code) in str(info.value)


def test_acled_iso_table_holds_no_iso_code() -> None:
    """The table's codes are not ISO 3166-1 numeric codes, so it never overrides pycountry."""
    assert [] == [
        row for row in rows("acled_iso.csv") if pycountry.countries.get(numeric=row["iso"].zfill(3))
    ]


@pytest.mark.parametrize("value", [4, "x", "3.0", True, -1])
def test_ucdp_violence_unknown(value: object) -> None:
    """type_of_violence other than 1, 2, 3 is UnknownCode."""
    with pytest.raises(UnknownCode, match=re.escape("ucdp_violence.csv")):
        ucdp_violence(value)  # type: ignore[arg-type]


def test_coding_checks_vocabularies() -> None:
    """A PloverCoding refuses a mode of another type and a context PLOVER does not list."""
    with pytest.raises(ValueError, match="not a PLOVER mode of ASSAULT"):
        PloverCoding("ASSAULT", "demo", (), directed=False)
    with pytest.raises(ValueError, match="not PLOVER contexts"):
        PloverCoding("PROTEST", "demo", ("humanitarian",), directed=False)


def test_unknown_code_is_a_lookup_error_that_pickles() -> None:
    """UnknownCode is a LookupError and survives pickling (worker processes) with its fields."""
    error = pickle.loads(pickle.dumps(UnknownCode("gw_states.csv", 999)))
    assert (True, "gw_states.csv", 999) == (
        isinstance(error, LookupError),
        error.table,
        error.value,
    )


def test_country_lookups_name_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without pycountry, the lookups that need it raise MissingExtraError naming the extra."""
    monkeypatch.setitem(sys.modules, "pycountry", None)
    for lookup in (lambda: ucdp_country("Bangladesh"), lambda: iso_numeric_country(50)):
        with pytest.raises(MissingExtraError, match=r'pip install "conflictdata\[importers\]"'):
            lookup()


def test_import_is_light(fresh_python: Callable[..., str]) -> None:
    """Importing the package and the crosswalks, and the lookups that need only the tables,
    load no pycountry."""
    code = (
        "import sys, conflictdata\n"
        "from conflictdata.importers._crosswalk import acled_event, gw_country\n"
        "assert gw_country(775) == 'MMR' and acled_event('Riots', 'Mob violence')\n"
        "assert 'pycountry' not in sys.modules\n"
    )
    fresh_python(code)


# --- CAMEO (GDELT, ICEWS), FIPS 10-4 and ICEWS country names ---

CAMEO_ROWS = rows("cameo_plover.csv")


def test_the_cameo_table_is_the_2021_table_cleaned() -> None:
    """The dirty entries of the 2021 CAMEO -> PLOVER table are cleaned as its notes say: code 175
    listed once, its pro_autocracy moved from the mode to the contexts; 1712 ASSAULT:destroy;
    195 aerial; a trailing space trimmed (0861 access); a context not in PLOVER 2.0 dropped
    (0333 humanitarian); a mode not in it dropped (186 assassinate)."""
    codes = [row["cameo"] for row in CAMEO_ROWS]
    assert len(codes) == len(set(codes))
    assert PloverCoding("ASSAULT", None, ("military", "pro_autocracy"), directed=True) == (
        cameo_event("175")
    )
    assert ("destroy", "aerial", "access") == tuple(
        coding.mode if coding else None for coding in map(cameo_event, ["1712", "195", "0861"])
    )
    assert PloverCoding("AGREE", None, (), directed=True) == cameo_event("0333")
    assert PloverCoding("ASSAULT", None, (), directed=True) == cameo_event("186")
    blanks = [row for row in CAMEO_ROWS for value in row.values() if value != value.strip()]
    assert [] == blanks


def test_every_cameo_code_is_covered() -> None:
    """Every CAMEO event code (three or four digits, 01 to 20) has a row: a PLOVER coding, or
    none for CAMEO's 01 statements and 02 appeals, which the 2021 table does not map; any other
    code is an UnknownCode naming the table."""
    roots = {row["cameo"][:2] for row in CAMEO_ROWS}
    assert {f"{root:02d}" for root in range(1, 21)} == roots
    untyped = {row["cameo"][:2] for row in CAMEO_ROWS if not row["type"]}
    assert {"01", "02"} == untyped
    assert (None, "Make a visit") == (cameo_event("010"), cameo_label("042"))
    for code in ("999", "", "42", "0420"):
        with pytest.raises(UnknownCode, match=re.escape("cameo_plover.csv")):
            cameo_event(code)


@pytest.mark.parametrize(
    ("fips", "iso"),
    [
        ("IS", "ISR"),  # Israel; ISO IS is Iceland
        ("IC", "ISL"),
        ("CH", "CHN"),  # China; ISO CH is Switzerland
        ("SZ", "CHE"),
        ("UK", "GBR"),
        ("SU", "SDN"),  # Sudan; ISO SU was the Soviet Union
        ("OD", "SSD"),
        ("SF", "ZAF"),
        ("RS", "RUS"),  # Russia; ISO RS is Serbia
        ("RI", "SRB"),
        ("GM", "DEU"),  # Germany; ISO GM is the Gambia
        ("GA", "GMB"),
        ("AS", "AUS"),  # Australia; ISO AS is American Samoa
        ("AU", "AUT"),
        ("WE", "PSE"),
        ("GZ", "PSE"),
        ("WQ", "UMI"),
    ],
)
def test_fips_traps(fips: str, iso: str) -> None:
    """FIPS 10-4 codes that are also ISO 3166-1 alpha-2 codes of another country map to the
    country FIPS means."""
    assert iso == fips_country(fips)


def test_fips_codes_without_a_country() -> None:
    """Kosovo, the Sovereign Base Areas, dissolved states and GDELT's OS (oceans) give None; a
    code not in the table is an UnknownCode; every code maps to a current ISO country."""
    assert [None] * 5 == [fips_country(code) for code in ("KV", "AX", "DX", "YI", "OS")]
    with pytest.raises(UnknownCode, match=re.escape("fips_iso.csv")):
        fips_country("QQ")
    table = rows("fips_iso.csv")
    assert len(table) == len({row["fips"] for row in table})
    assert [] == [
        row
        for row in table
        if row["alpha3"] and pycountry.countries.get(alpha_3=row["alpha3"]) is None
    ]


def test_cameo_country_codes_that_are_not_countries() -> None:
    """CAMEO's codes for regions and organisations are no ISO 3166-1 countries and give None;
    its ISO alpha-3 codes are themselves."""
    regions = ["AFR", "ASA", "CAU", "EUR", "LAM", "MEA", "NAF", "SAM", "SAS", "SEA", "WAF", "WST"]
    assert [None] * 15 == [cameo_country(code) for code in [*regions, "IGO", "NGO", "UNO"]]
    assert ("USA", "CHN", None, None) == tuple(map(cameo_country, ["USA", "CHN", "usa", ""]))


def test_cameo_actor_types_are_actor_types() -> None:
    """Every CAMEO actor type the table maps is a conflictdata actor type; others give None."""
    assert set(ACTOR_TYPES) >= {row["actor_type"] for row in rows("cameo_actor_types.csv")}
    assert ("government_body", "armed_forces", "organization", None) == tuple(
        map(cameo_actor_type, ["GOV", "MIL", "IGO", "UIS"])
    )


def test_icews_country_names() -> None:
    """ICEWS country names map to ISO alpha-3 with pycountry or the table; Kosovo and the
    Netherlands Antilles to None; an unknown name is an UnknownCode; the table gives only
    current ISO codes."""
    assert ("VNM", "PSE", "TUR", "COD", "CIV", None, None) == tuple(
        map(
            icews_country,
            [
                "Vietnam",
                "Occupied Palestinian Territory",
                "Turkey",
                "Democratic Republic of Congo",
                "Cote d'Ivoire",
                "Kosovo",
                "Netherlands Antilles",
            ],
        )
    )
    with pytest.raises(UnknownCode, match=re.escape("icews_countries.csv")):
        icews_country("Atlantis")
    assert [] == [
        row
        for row in rows("icews_countries.csv")
        if row["alpha3"] and pycountry.countries.get(alpha_3=row["alpha3"]) is None
    ]


@given(st.text(max_size=6))
def test_lookups_of_anything_give_a_value_or_unknown_code(text: str) -> None:
    """A CAMEO or FIPS lookup of any text gives a value of the vocabularies or raises
    UnknownCode; never another exception."""
    for lookup in (cameo_event, fips_country):
        with contextlib.suppress(UnknownCode):
            lookup(text)
    assert cameo_country(text) is None or pycountry.countries.get(alpha_3=text) is not None
