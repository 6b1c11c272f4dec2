"""The passport form of names: ICAO Doc 9303 tables, national schemes, and the MRZ name field."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from clew.names.icao import NATIONAL_SCHEMES, icao_transliterate, mrz_name

# (text, issuing country or None, passport form, why)
GOLDEN: list[tuple[str, str | None, str, str]] = [
    ("Тимофеева", None, "TIMOFEEVA", "Russian family name, ICAO Cyrillic table"),
    ("Юлия", None, "IULIIA", "ICAO Ю IU, Я IA: what Russian passports print since 2014"),
    ("Щербаков", None, "SHCHERBAKOV", "ICAO Щ SHCH"),
    ("Щербаков", "BG", "SHTERBAKOV", "Bulgarian law: Щ SHT"),
    ("Мария", "BG", "MARIA", "Bulgarian law: -ИЯ at the end of a word is IA"),
    ("Юлиян Йорданов", "BG", "YULIYAN YORDANOV", "Bulgarian law: Ю YU, Я YA, Й Y"),
    ("Христо Ъглов", "BG", "HRISTO AGLOV", "Bulgarian law: Х H, Ъ A"),
    ("Ђоковић", None, "DOKOVIC", "ICAO table: Ђ D, Ћ C"),
    ("Ђоковић", "RS", "DJOKOVIC", "Serbian passports: Serbian Latin Đ written DJ"),
    ("Đoković", "RS", "DJOKOVIC", "the same name typed in Serbian Latin"),
    ("Живковић", "RS", "ZIVKOVIC", "Serbian Latin Ž, Ć lose their diacritics"),
    ("Живковић", None, "ZHIVKOVIC", "ICAO Ж ZH"),
    ("Ѓорѓиевски", "MK", "GJORGJIEVSKI", "Macedonian romanisation: Ѓ GJ"),
    ("Ѓорѓиевски", None, "GORGIEVSKI", "ICAO Ѓ G"),
    ("Зеленський", "UA", "ZELENSKYI", "Ukrainian resolution 55: И Y, Й I inside a word"),
    ("Юлія", "UA", "YULIIA", "Ukrainian: Ю YU at the start of a word"),
    ("Згурський", "UA", "ZGHURSKYI", "Ukrainian: ЗГ ZGH"),
    ("Ганна", "UA", "HANNA", "Ukrainian: Г H"),
    ("Ганна", None, "GANNA", "ICAO Г G"),
    ("Хрущёв", None, "KHRUSHCHEV", "ICAO Х KH, Ё E"),
    ("Подъячев", None, "PODIEIACHEV", "ICAO Ъ IE"),
    ("Müller", None, "MUELLER", "German umlaut expanded"),
    ("Öztürk", None, "OEZTUERK", "ICAO expands Ö Ü"),
    ("Öztürk", "TR", "OZTURK", "Turkish passports do not"),
    ("Ångström", None, "AANGSTROEM", "Å AA"),
    ("Søren Ærø", None, "SOEREN AEROE", "Ø OE, Æ AE"),
    ("Weiß", None, "WEISS", "ß SS"),
    ("Þórður", None, "THORDUR", "Þ TH, Ð D"),
    ("Łukasz", None, "LUKASZ", "Ł has no decomposition but a table entry"),
    ("Muñoz", None, "MUNOZ", "Ñ N (Spain prints N)"),
    ("Nguyễn Văn Hùng", None, "NGUYEN VAN HUNG", "Vietnamese stacked diacritics stripped"),
    ("Đặng Thị Hương", None, "DANG THI HUONG", "Vietnamese Đ D, horn letters"),
    ("Bērziņa", None, "BERZINA", "Latvian long vowels and cedilla letters"),
    ("Ģirts Ķēniņš", None, "GIRTS KENINS", "Latvian Ģ Ķ"),
    ("Ștefănescu", None, "STEFANESCU", "Romanian comma-below letters"),
    ("Gëzim Çela", None, "GEZIM CELA", "Albanian Ë Ç"),
    ("Γεώργιος", None, "GEORGIOS", "Greek, accents dropped"),
    ("Παπαδόπουλος", None, "PAPADOPOULOS", "Greek ΟΥ OU"),
    ("Παύλος", None, "PAVLOS", "Greek ΑΥ AV before a voiced consonant"),
    ("Ευστάθιος", None, "EFSTATHIOS", "Greek ΕΥ EF before a voiceless consonant"),
    ("Ευάγγελος", None, "EVAGGELOS", "ICAO writes ΓΓ letter for letter"),
    ("Ευάγγελος", "GR", "EVANGELOS", "ELOT 743 writes ΓΓ NG"),
    ("Ταΰγετος", None, "TAYGETOS", "a diaeresis breaks the digraph"),
    ("ابو بكر محمد بن زكريا الرازي", None, "ABW BKR MXHMD BN ZKRYA ALRAZY", "ICAO's example"),
    ("عبّاس", None, "EBBAS", "a shadda doubles its letter"),
    ("فاطمة", None, "FAXTTMXAH", "teh marbuta at the end of a component is XAH"),
    ("مُحَمَّد", None, "MXHMMD", "short vowels are not written"),
    ("O'Neil", None, "ONEIL", "ICAO drops the apostrophe"),
    ("Jean-Pierre", None, "JEAN-PIERRE", "hyphen kept"),
    ("  anna \t maria  ", None, "ANNA MARIA", "white space collapsed"),
    ("ERIKSSON<<ANNA", None, "ERIKSSON ANNA", "MRZ fillers read as spaces"),
    ("Иван Smith", None, "IVAN SMITH", "mixed scripts"),
    ("Agent 007", None, "AGENT", "digits removed"),
    ("", None, "", "empty"),
    ("東京", None, "", "a script without a table"),
    ("Иван", "XX", "IVAN", "an unknown country uses the ICAO tables"),
]


@pytest.mark.parametrize(("text", "country", "expected", "why"), GOLDEN)
def test_golden_cases(text: str, country: str | None, expected: str, why: str) -> None:
    assert icao_transliterate(text, country) == expected, why


@pytest.mark.parametrize("country", sorted(NATIONAL_SCHEMES))
def test_national_schemes_agree_with_icao_on_plain_latin(country: str) -> None:
    assert icao_transliterate("Anna Maria Smith", country) == "ANNA MARIA SMITH"


@pytest.mark.parametrize(
    ("family", "given", "country", "expected"),
    [
        ("Eriksson", "Anna Maria", None, "ERIKSSON<<ANNA<MARIA"),
        ("García López", "Lucía", None, "GARCIA<LOPEZ<<LUCIA"),
        ("Тимофеева", "Юлия", None, "TIMOFEEVA<<IULIIA"),
        ("Иванов", "Георги Петров", "BG", "IVANOV<<GEORGI<PETROV"),
        ("Smith-Jones", "", None, "SMITH<JONES"),
        ("", "Sukarno", None, "SUKARNO"),
        ("A - B", "C", None, "A<B<<C"),
        ("", "", None, ""),
    ],
)
def test_mrz_name(family: str, given: str, country: str | None, expected: str) -> None:
    assert mrz_name(family, given, country=country) == expected


_OUTPUT = re.compile(r"(?:[A-Z](?:[A-Z -]*[A-Z])?)?")
_countries = st.sampled_from([None, "XX", *sorted(NATIONAL_SCHEMES)])


@given(st.text(), _countries)
def test_output_alphabet_and_idempotence(text: str, country: str | None) -> None:
    once = icao_transliterate(text, country)
    assert _OUTPUT.fullmatch(once), once
    assert "  " not in once
    assert icao_transliterate(once, country) == once


@given(st.text(alphabet=st.characters(codec="utf-8")), st.text(), _countries)
def test_mrz_name_alphabet(family: str, given_names: str, country: str | None) -> None:
    assert re.fullmatch(r"[A-Z<]*", mrz_name(family, given_names, country=country))
