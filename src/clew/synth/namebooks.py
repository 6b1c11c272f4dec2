"""Name books: the given and family names of each country, as written in its own script.

Faker's name lists are used where a locale exists (read once, straight from the provider
classes, never by calling Faker per person); small lists of our own fill the gaps: Albanian,
Bosnian, Serbian (Cyrillic), Khmer (romanised), Arabic (Syria and Iraq, with the phonetic Latin
forms their passports print), and extra Vietnamese, Turkish, Romanian and Moldovan names.

Gendered family names come in male and female forms built by each language's rule, so that
``family_male[i]`` and ``family_female[i]`` are the same family: Latvian ``Bērziņš/Bērziņa``,
``Alksnis/Alksne``; Bulgarian and Macedonian ``Петров/Петрова``, ``-ски/-ска``; Russian and
Ukrainian ``-ов/-ова``, ``-ський/-ська``. Greek female surnames (the genitive) cannot be built
so simply and are drawn from Faker's female list.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cache

__all__ = [
    "ARABIC_LATIN",
    "NameBook",
    "Script",
    "female_surname",
    "namebook",
    "supported_countries",
]


class Script(StrEnum):
    LATIN = "latin"
    CYRILLIC = "cyrillic"
    GREEK = "greek"
    ARABIC = "arabic"


@dataclass(frozen=True, slots=True)
class NameBook:
    """The names of one country. ``middle_*`` are Vietnamese middle names, Bulgarian father's
    names or East Slavic patronymics; ``family_first`` is the native order of the full name."""

    country: str
    script: Script
    given_male: tuple[str, ...]
    given_female: tuple[str, ...]
    family_male: tuple[str, ...]
    family_female: tuple[str, ...]
    middle_male: tuple[str, ...] = ()
    middle_female: tuple[str, ...] = ()
    family_first: bool = False
    two_family_names: bool = False
    latin: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


def _faker(locale: str, attribute: str) -> tuple[str, ...]:
    """One of Faker's name lists (a tuple, or the keys of a weighted mapping)."""
    provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
    values = getattr(provider, attribute, ())
    names = values.keys() if isinstance(values, Mapping) else values
    return tuple(dict.fromkeys(str(name).strip() for name in names if str(name).strip()))


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def _unique(*groups: Sequence[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for group in groups for name in group))


def _gendered(
    male: Sequence[str], rule: Callable[[str], str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    males = tuple(male)
    return males, tuple(rule(name) for name in males)


def _slavic_female(name: str) -> str:
    """Bulgarian, Macedonian and Russian female surnames."""
    for ending, female in (("ский", "ская"), ("цкий", "цкая"), ("ски", "ска"), ("ой", "ая")):
        if name.endswith(ending):
            return name[: -len(ending)] + female
    if name.endswith(("ый", "ий")):
        return name[:-2] + "ая"
    if name.endswith(("ов", "ев", "ёв", "ин", "ын")):
        return name + "а"
    return name


def _ukrainian_female(name: str) -> str:
    for ending, female in (("ський", "ська"), ("цький", "цька"), ("зький", "зька"), ("ий", "а")):
        if name.endswith(ending):
            return name[: -len(ending)] + female
    if name.endswith(("ов", "ев", "єв", "ін", "їн")):
        return name + "а"
    return name  # -енко, -ук, -ій, -ин are the same for women


_LATVIAN_EXCEPTIONS = {"Purmals": "Purmale"}


def _latvian_female(name: str) -> str:
    if name in _LATVIAN_EXCEPTIONS:
        return _LATVIAN_EXCEPTIONS[name]
    if name.endswith("ieks"):
        return name[:-4] + "iece"  # Birznieks, Birzniece
    if name.endswith("š"):
        return name[:-1] + "a"  # Bērziņš, Bērziņa
    if name.endswith("is"):
        return name[:-2] + "e"  # Alksnis, Alksne
    if name.endswith("s"):
        return name[:-1] + "a"  # Ozols, Ozola; Kalējs, Kalēja
    return name


_FEMALE_RULES: dict[str, Callable[[str], str]] = {
    "LV": _latvian_female, "BG": _slavic_female, "MK": _slavic_female, "RU": _slavic_female,
    "UA": _ukrainian_female,
}  # fmt: skip


def female_surname(country: str, male: str) -> str:
    """The female form of a family name in ``country``'s language (the same name where the
    language does not inflect it): ``female_surname("LV", "Bērziņš") == "Bērziņa"``."""
    rule = _FEMALE_RULES.get(country)
    return rule(male) if rule else male


def _male_forms(names: Sequence[str], *endings: str) -> tuple[str, ...]:
    """Faker's male lists hold a few female forms; keep the names ending as a man's would."""
    return tuple(name for name in names if name.endswith(endings) or not name.endswith("а"))


# --- our own lists -----------------------------------------------------------------------------

_VN_FAMILY = (  # weighted by share of the population: Nguyễn about 38 %
    ("Nguyễn",) * 38 + ("Trần",) * 11 + ("Lê",) * 10 + ("Phạm",) * 7 + ("Hoàng", "Huỳnh") * 3
    + ("Phan",) * 4 + ("Vũ", "Võ") * 2 + ("Đặng", "Bùi") * 2
    + _words("Đỗ Hồ Ngô Dương Lý Đinh Trương Lâm Mai Tạ")
)  # fmt: skip
_VN_MIDDLE_MALE = ("Văn",) * 6 + _words("Đức Minh Quang Hữu Công Thành Xuân Hoàng Ngọc Anh")
_VN_MIDDLE_FEMALE = ("Thị",) * 8 + _words("Ngọc Thu Thanh Kim Mai Hồng Phương Diệu Bảo")
_VN_MALE = _words(
    "Hùng Dũng Tuấn Minh Nam Hải Long Sơn Thắng Phúc Quân Hiếu Khánh Trung Tùng Đức Cường Huy "
    "Bình Thành Việt Hoàng Tiến Vinh Hưng Kiên Lộc Nghĩa Quý Tâm"
)
_VN_FEMALE = _words(
    "Hương Lan Linh Mai Ngọc Thảo Trang Hà Hạnh Hoa Huyền Nhung Phương Thủy Yến Anh Dung Giang "
    "Hằng Loan Nga Oanh Quyên Vân Trinh Ly Nhi Hiền"
)

_BG_MALE = _words(
    "Георги Иван Димитър Николай Петър Христо Стефан Тодор Йордан Васил Александър Стоян "
    "Атанас Красимир Пламен Валентин Борис Емил Мартин Ивайло"
)
_BG_FEMALE = _words(
    "Мария Иванка Елена Йорданка Пенка Маргарита Виолета Радка Надежда Десислава Гергана Петя "
    "Милена Снежана Цветелина Анна Теодора Николета Валентина Росица"
)
_BG_FAMILY = _words(
    "Иванов Георгиев Димитров Петров Николов Христов Стоянов Тодоров Илиев Василев Атанасов "
    "Петков Ангелов Колев Йорданов Маринов Стефанов Попов Михайлов Костов"
)

_KH_FAMILY = _words(
    "Sok Chan Kim Heng Chea Keo Ly Meas Nhem Ouk Pen Pich Phan Prak Seng Sam Som Touch Vann Yim "
    "Hun Lim Mao Nuon Sin Tep Chhun Sar Khieu Long"
)
_KH_MALE = _words(
    "Dara Sophal Vuthy Rithy Sokha Bunthoeun Sambath Vannak Visal Kosal Rotha Samnang Piseth "
    "Ratana Virak Sovann Veasna Narith Chantha Sothy Kimhong Makara Sokun Phearun"
)
_KH_FEMALE = _words(
    "Sreymom Sophea Chenda Bopha Sokunthea Channary Kanha Maly Rachana Sreyneang Sothea Vanna "
    "Theary Leakhena Dalin Sreypov Malis Phalla Sopheap Chanthou Pisey Sokny Raksmey Kunthea"
)

_AL_FAMILY = _words(
    "Hoxha Shehu Gashi Krasniqi Berisha Dervishi Leka Marku Çela Kola Prifti Basha Hysa Lika "
    "Muça Xhafa Meta Rama Dushku Mema Gjoka Tafaj Kapllani Bregu Doda Hoti Zeneli Qosja Shkodra "
    "Bajrami Hasani Duka Çani Ndreu Vata"
)
_AL_MALE = _words(
    "Arben Besnik Dritan Ermal Fatmir Gentian Ilir Klodian Altin Erion Artan Bledar Edmond Fatos "
    "Gëzim Kujtim Luan Mergim Sokol Viktor Ardit Elton Ervin Genti Kristi Agron Blerim Endrit"
)
_AL_FEMALE = _words(
    "Anila Blerina Elira Mirela Ornela Valbona Arjana Eriona Fatjona Jonida Klea Lindita Manjola "
    "Teuta Vjollca Xhensila Alketa Brunilda Dorina Entela Suela Ledia Ilda Enkeleda Rovena Albana"
)

_BA_FAMILY = _words(
    "Hodžić Hadžić Begović Delić Kovačević Mehmedović Hasanović Husić Omerović Salihović "
    "Ibrahimović Alić Halilović Imamović Suljić Mujić Karić Šehić Jukić Babić Petrović Marić "
    "Tadić Ćosić Bešić Džafić Softić Mešić Zukić Avdić"
)
_BA_MALE = _words(
    "Amir Emir Adnan Haris Edin Mirza Kenan Tarik Armin Damir Almir Senad Nermin Jasmin Elvir "
    "Dženan Nedim Asim Samir Dario Ivan Nikola Marko Dragan Mladen Eldin Benjamin"
)
_BA_FEMALE = _words(
    "Amra Lejla Selma Aida Emina Amina Merima Ajla Dženana Nejra Alma Azra Sanela Belma Lamija "
    "Mirela Ivana Marija Jelena Ana Medina Ena Hana Sara"
)

_RS_FAMILY = _words(
    "Јовановић Петровић Николић Марковић Ђорђевић Стојановић Илић Станковић Павловић Милошевић "
    "Ђоковић Поповић Живковић Јанковић Тодоровић Стевановић Лазић Петковић Савић Ђурић Митровић "
    "Радовановић Васић Томић Костић Обрадовић Ћирић Лукић Гајић Милић Жунић Мићић Ћосић Џајић"
)
_RS_MALE = _words(
    "Милан Марко Никола Стефан Душан Александар Ненад Дејан Зоран Горан Бојан Милош Ђорђе "
    "Небојша Владимир Срђан Драган Предраг Вук Лука Немања Урош Жељко Бранислав Миодраг Ђура"
)
_RS_FEMALE = _words(
    "Јелена Марија Ана Милица Драгана Снежана Ивана Тијана Јована Биљана Марина Весна Ружица "
    "Сања Катарина Невена Бојана Гордана Зорица Јасмина Наташа Љиљана Ђурђица Жаклина"
)

_TR_FAMILY = _words(
    "Kaya Demir Şahin Çelik Yıldız Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan Çetin Kara Koç "
    "Kurt Özkan Şimşek Polat Korkmaz Karataş Bulut Güneş Aksoy Tekin Erdem Keskin Ünal Güler"
)
_RO_FAMILY = _words(
    "Popescu Ionescu Popa Pop Radu Dumitru Stan Stoica Gheorghe Matei Ciobanu Rusu Munteanu "
    "Constantin Marin Tudor Dinu Moldovan Florea Ene Barbu Nistor Ungureanu Dobre Lazăr Neagu "
    "Ștefan Dumitrescu Mihăilă Toma"
)
_MD_FAMILY = _words(
    "Rusu Ceban Ciobanu Țurcan Lungu Cojocaru Munteanu Rotari Sîrbu Bivol Croitoru Cebotari "
    "Moraru Guțu Railean Botnari Melnic Popa Ursu Caraman Roșca Spînu Postolachi Gâlcă Mocanu"
)

# Arabic names with the phonetic Latin forms passports print: the first is the passport
# form, the rest are spellings met in other records.
_AR_MALE_LATIN = {
    "محمد": ("MOHAMMAD", "MOHAMMED", "MUHAMMAD", "MOHAMAD"),
    "أحمد": ("AHMAD", "AHMED"),
    "علي": ("ALI",),
    "حسن": ("HASSAN", "HASAN"),
    "حسين": ("HUSSEIN", "HUSSAIN", "HUSEIN"),
    "عمر": ("OMAR", "UMAR"),
    "خالد": ("KHALED", "KHALID"),
    "يوسف": ("YOUSEF", "YUSUF", "YOUSSEF"),
    "إبراهيم": ("IBRAHIM", "EBRAHIM"),
    "مصطفى": ("MUSTAFA", "MOUSTAFA", "MOSTAFA"),
    "عبد الله": ("ABDULLAH", "ABDALLAH", "ABDULLA"),
    "محمود": ("MAHMOUD", "MAHMUD"),
    "سامر": ("SAMER",),
    "باسل": ("BASEL", "BASIL"),
    "وليد": ("WALEED", "WALID"),
    "فراس": ("FIRAS", "FERAS"),
    "زياد": ("ZIAD", "ZIYAD"),
    "كريم": ("KARIM", "KAREEM"),
    "طارق": ("TAREK", "TARIQ"),
    "ماهر": ("MAHER",),
    "حيدر": ("HAIDER", "HAYDAR"),
    "عباس": ("ABBAS",),
    "جاسم": ("JASIM", "JASSIM"),
}
_AR_FEMALE_LATIN = {
    "فاطمة": ("FATIMA", "FATMA", "FATIMAH"),
    "مريم": ("MARIAM", "MARYAM"),
    "زينب": ("ZAINAB", "ZEINAB"),
    "نور": ("NOUR", "NOOR", "NUR"),
    "هبة": ("HIBA", "HEBA"),
    "رنا": ("RANA",),
    "سارة": ("SARA", "SARAH"),
    "ليلى": ("LAYLA", "LEILA", "LAILA"),
    "آمنة": ("AMINA", "AMNA"),
    "دعاء": ("DOAA", "DUAA"),
    "ريم": ("REEM", "RIM"),
    "لينا": ("LINA", "LEENA"),
    "هدى": ("HUDA", "HODA"),
    "سلمى": ("SALMA",),
    "ياسمين": ("YASMIN", "YASMINE", "YASMEEN"),
    "رقية": ("RUQAYA", "ROKAYA"),
}
_SY_FAMILY_LATIN = {
    "الخطيب": ("AL KHATIB", "ALKHATIB", "EL KHATIB"),
    "الحلبي": ("AL HALABI", "ALHALABI"),
    "الشامي": ("AL SHAMI", "ALSHAMI", "ASH SHAMI"),
    "الأحمد": ("AL AHMAD", "ALAHMAD"),
    "حداد": ("HADDAD",),
    "النجار": ("AL NAJJAR", "ALNAJJAR", "NAJJAR"),
    "المصري": ("AL MASRI", "ALMASRI", "EL MASRY"),
    "درويش": ("DARWISH", "DERWISH"),
    "قاسم": ("QASSEM", "KASSEM", "QASIM"),
    "سليمان": ("SULEIMAN", "SLEIMAN", "SULAIMAN"),
    "عثمان": ("OTHMAN", "OSMAN", "UTHMAN"),
    "حمدان": ("HAMDAN",),
    "العلي": ("AL ALI", "ALALI"),
    "الحسن": ("AL HASSAN", "ALHASAN"),
    "خليل": ("KHALIL", "KHALEEL"),
}
_IQ_FAMILY_LATIN = {
    "العبيدي": ("AL OBAIDI", "ALUBAIDI", "AL OBEIDI"),
    "الجبوري": ("AL JUBOURI", "ALJBOORI", "AL JUBURI"),
    "التميمي": ("AL TAMIMI", "ALTAMIMI"),
    "الدليمي": ("AL DULAIMI", "ALDULAIMI", "AL DULAYMI"),
    "الزبيدي": ("AL ZUBAIDI", "ALZUBAIDI"),
    "الربيعي": ("AL RUBAIE", "ALRUBAIY"),
    "الساعدي": ("AL SAADI", "ALSAADI"),
    "الموسوي": ("AL MOUSAWI", "ALMUSAWI"),
    "الحسيني": ("AL HUSSAINI", "ALHUSEINI"),
    "الكعبي": ("AL KAABI", "ALKAABI"),
    "العزاوي": ("AL AZZAWI", "ALAZAWI"),
    "الشمري": ("AL SHAMMARI", "ALSHAMMARY"),
    "الخفاجي": ("AL KHAFAJI", "ALKHAFAJI"),
    "البياتي": ("AL BAYATI", "ALBAYATI"),
}
ARABIC_LATIN: Mapping[str, tuple[str, ...]] = {
    **_AR_MALE_LATIN,
    **_AR_FEMALE_LATIN,
    **_SY_FAMILY_LATIN,
    **_IQ_FAMILY_LATIN,
}
_AR_MALE, _AR_FEMALE = tuple(_AR_MALE_LATIN), tuple(_AR_FEMALE_LATIN)
_SY_FAMILY, _IQ_FAMILY = tuple(_SY_FAMILY_LATIN), tuple(_IQ_FAMILY_LATIN)


# --- the books -----------------------------------------------------------------------------------


def _simple(country: str, locale: str, family: Sequence[str] = ()) -> NameBook:
    """A country whose family names are the same for men and women."""
    surnames = _unique(_faker(locale, "last_names"), family)
    return NameBook(
        country, Script.LATIN, _faker(locale, "first_names_male"),
        _faker(locale, "first_names_female"), surnames, surnames,
    )  # fmt: skip


def _own(
    country: str, male: Sequence[str], female: Sequence[str], family: Sequence[str],
    script: Script = Script.LATIN, *, family_first: bool = False,
) -> NameBook:  # fmt: skip
    return NameBook(
        country, script, tuple(male), tuple(female), tuple(family), tuple(family),
        family_first=family_first,
    )  # fmt: skip


def _bulgarian() -> NameBook:
    """Given name, father's name (a patronymic shaped like a surname), family name. Faker's
    long lists hold many rare names; the common ones are repeated to draw about half."""
    surnames = _BG_FAMILY * 4 + _male_forms(_faker("bg_BG", "last_names_male"), "ов", "ев")
    male, female = _gendered(surnames, _slavic_female)
    return NameBook(
        "BG", Script.CYRILLIC, _BG_MALE * 50 + _faker("bg_BG", "first_names_male"),
        _BG_FEMALE * 30 + _faker("bg_BG", "first_names_female"), male, female, male, female,
    )  # fmt: skip


def _gendered_book(
    country: str, locale: str, script: Script, rule: Callable[[str], str], *, middle: bool = False
) -> NameBook:
    male, female = _gendered(_faker(locale, "last_names_male"), rule)
    return NameBook(
        country, script, _faker(locale, "first_names_male"), _faker(locale, "first_names_female"),
        male, female,
        _faker(locale, "middle_names_male") if middle else (),
        _faker(locale, "middle_names_female") if middle else (),
    )  # fmt: skip


def _latvian() -> NameBook:
    book = _gendered_book("LV", "lv_LV", Script.LATIN, _latvian_female)
    unisex = _faker("lv_LV", "last_names_nonbinary")  # Liepa, Roze: the same for women
    return NameBook(
        "LV", Script.LATIN, book.given_male, book.given_female, book.family_male + unisex,
        book.family_female + unisex,
    )  # fmt: skip


def _greek() -> NameBook:
    return NameBook(
        "GR", Script.GREEK, _faker("el_GR", "first_names_male"),
        _faker("el_GR", "first_names_female"), _faker("el_GR", "last_names_male"),
        _faker("el_GR", "last_names_female"),
    )  # fmt: skip


def _vietnamese() -> NameBook:
    return NameBook(
        "VN", Script.LATIN, _unique(_VN_MALE, _faker("vi_VN", "first_names_male")),
        _unique(_VN_FEMALE, _faker("vi_VN", "first_names_female")), _VN_FAMILY, _VN_FAMILY,
        _VN_MIDDLE_MALE, _VN_MIDDLE_FEMALE, family_first=True,
    )  # fmt: skip


def _arabic(country: str, family: tuple[str, ...]) -> NameBook:
    return NameBook(
        country, Script.ARABIC, _AR_MALE, _AR_FEMALE, family, family, latin=ARABIC_LATIN
    )


def _spanish() -> NameBook:
    book = _simple("ES", "es_ES")
    return NameBook(
        "ES", Script.LATIN, book.given_male, book.given_female, book.family_male,
        book.family_female, two_family_names=True,
    )  # fmt: skip


_BUILDERS: Mapping[str, Callable[[], NameBook]] = {
    "AL": lambda: _own("AL", _AL_MALE, _AL_FEMALE, _AL_FAMILY),
    "AT": lambda: _simple("AT", "de_AT"),
    "BA": lambda: _own("BA", _BA_MALE, _BA_FEMALE, _BA_FAMILY),
    "BG": _bulgarian,
    "DE": lambda: _simple("DE", "de_DE"),
    "ES": _spanish,
    "FR": lambda: _simple("FR", "fr_FR"),
    "GB": lambda: _simple("GB", "en_GB"),
    "GR": _greek,
    "IQ": lambda: _arabic("IQ", _IQ_FAMILY),
    "KH": lambda: _own("KH", _KH_MALE, _KH_FEMALE, _KH_FAMILY, family_first=True),
    "LV": _latvian,
    "MD": lambda: _simple("MD", "ro_RO", _MD_FAMILY),
    "MK": lambda: _gendered_book("MK", "mk_MK", Script.CYRILLIC, _slavic_female),
    "NL": lambda: _simple("NL", "nl_NL"),
    "RO": lambda: _simple("RO", "ro_RO", _RO_FAMILY),
    "RS": lambda: _own("RS", _RS_MALE, _RS_FEMALE, _RS_FAMILY, Script.CYRILLIC),
    "RU": lambda: _gendered_book("RU", "ru_RU", Script.CYRILLIC, _slavic_female, middle=True),
    "SY": lambda: _arabic("SY", _SY_FAMILY),
    "TR": lambda: _simple("TR", "tr_TR", _TR_FAMILY),
    "UA": lambda: _gendered_book("UA", "uk_UA", Script.CYRILLIC, _ukrainian_female, middle=True),
    "VN": _vietnamese,
}


def supported_countries() -> tuple[str, ...]:
    """The countries with a name book."""
    return tuple(sorted(_BUILDERS))


@cache
def namebook(country: str) -> NameBook:
    """The name book of ``country`` (built on first use, then kept); ``KeyError`` if none."""
    if country not in _BUILDERS:
        raise KeyError(f"no name book for {country!r}")
    return _BUILDERS[country]()
