"""How spellings of one name vary: skeleton keys, given-name equivalents, gendered surnames.

**Skeleton** (``skeleton``): a lower-case ASCII spelling reduced so that the usual
romanisation and spelling variants meet. The rules run in this order:

1. German, Polish and French spellings of Slavic sounds become the English ones:
   ``schtsch szcz chtch`` to ``shch``; ``tsch tch cz`` to ``ch``; ``sch sz`` to ``sh``;
   ``dzh`` to ``j``.
2. ``shch`` becomes ``sht``, so the ICAO and Bulgarian forms of ``Щ`` meet
   (``SHCHERBAKOV``/``SHTERBAKOV``).
3. ``dj gj kj`` become ``d g k`` (Serbian ``Đ`` and Macedonian ``Ѓ Ќ`` against ICAO).
4. ``kh gh ph th dh`` become ``h g f t d``.
5. ``ck q`` become ``k``; ``x`` becomes ``ks``; ``w`` becomes ``v``.
6. ``ou`` becomes ``u`` (French and Greek ``OU``).
7. ``y`` and ``j`` become ``i`` (so ``iu yu ju`` and ``ia ya ja`` meet).
8. ``ie`` becomes ``e`` (``Timofeyeva``/``Timofeeva``, ``Yevgeny``/``Evgeny``).
9. A doubled letter becomes one (``Iuliia``/``Yulia``, ``Mohammed``/``Mohamed``).
10. A final ``h`` after a vowel is dropped (``Fatimah``/``Fatima``), in words of four or more.

So ``IULIIA``, ``Yuliya``, ``Yulia``, ``Julija`` and ``Ioulia`` all give ``iulia``, and
``TIMOFEEVA``, ``Timofeyeva`` and ``Timofejewa`` all give ``timofeva``. The skeleton is a key,
never shown; ``skeleton(skeleton(x)) == skeleton(x)`` and ``skeleton("") == ""``.

**Consonant key** (``consonant_key``): the skeleton without vowels. Arabic and Hebrew do not
write short vowels, so a name in those scripts meets its Latin spellings only here
(``محمد`` ``mhmd`` and ``Mohammed``); used only when one side is written in such a script.

**Given-name equivalents** (``given_name_groups``): the same given name in the languages Clew
meets (``Oleksandr``/``Aleksandr``/``Alexander``/``Aleksandar``...), as a curated table of
groups, each listing one spelling per language (other spellings reach it through the skeleton).
rigour ships person-name symbols (Wikidata ids, through its Rust tagger) but its cross-language
coverage is patchy (``Oleksandr``/``Alexander``, ``Ivan``/``John``, ``Dimitrios``/``Dmitry``
share none), it adds noise (``Juan``/``Nguyen`` share one) and it takes seconds to load, so Clew
keeps its own table. Male and female forms are separate groups. ``NICKNAMES`` maps common
diminutives (``Sasha``, ``Dima``, ``Bill``) to their group; they count for less.

**Gendered surnames** (``surname_gender``, ``gendered_pair``): Slavic, Baltic, Greek, Czech and
Icelandic family names change with the bearer's sex. ``surname_gender`` reads the sex an ending
implies where it is reliable (``Petrova`` female, ``Kowalski`` male, ``Smith`` neither);
``gendered_pair`` says whether two spellings are the male and female forms of one family name,
with the broader rules that are safe only when the two are compared
(``Bērziņš``/``Bērziņa``, ``Alksnis``/``Alksne``, ``Novák``/``Nováková``,
``Papadopoulos``/``Papadopoulou``, ``Kazlauskas``/``Kazlauskienė``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

__all__ = [
    "GIVEN_NAME_GROUPS",
    "NICKNAMES",
    "Gender",
    "consonant_key",
    "gendered_pair",
    "given_name_groups",
    "nickname_groups",
    "skeleton",
    "surname_gender",
]


class Gender:
    """The grammatical gender a surname ending implies (plain strings, as records store them)."""

    MALE = "male"
    FEMALE = "female"


_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        ("schtsch|szcz|chtch", "shch"),
        ("tsch|tch|cz", "ch"),
        ("sch|sz", "sh"),
        ("dzh", "j"),
        ("shch", "sht"),
        ("dj", "d"),
        ("gj", "g"),
        ("kj", "k"),
        ("kh", "h"),
        ("gh", "g"),
        ("ph", "f"),
        ("th", "t"),
        ("dh", "d"),
        ("ck|q", "k"),
        ("x", "ks"),
        ("w", "v"),
        ("ou", "u"),
        ("[yj]", "i"),
        (r"([a-z])\1+", r"\1"),
        ("ie", "e"),
        (r"([a-z])\1+", r"\1"),
        ("(?<=....)(?<=[aeiou])h$", ""),
    )
)


@lru_cache(maxsize=400_000)
def skeleton(form: str) -> str:
    """The skeleton key of one lower-case ASCII spelling (rules in the module docstring),
    applied until nothing changes, so that the key is its own key."""
    value = form
    for _ in range(4):
        before = value
        for pattern, replacement in _RULES:
            value = pattern.sub(replacement, value)
        if value == before:
            break
    return value


_VOWELS = re.compile("[aeiou]+")
_FINAL_H = re.compile("h$")
_DOUBLES = re.compile(r"([a-z])\1+")


@lru_cache(maxsize=200_000)
def consonant_key(form: str, *, collapse: bool = True) -> str:
    """The skeleton's consonants, a final ``h`` dropped, doubles made single. ``collapse=False``
    keeps the doubles the vowels leave behind (``Aziz`` and ``عزيز``: ``zz``, not ``z``); the
    default also meets ``چوہدری`` (``chhdr``) with ``Chaudhry`` (``chdr``)."""
    value = _FINAL_H.sub("", _VOWELS.sub("", skeleton(form)))
    return _DOUBLES.sub(r"\1", value) if collapse else value


# --- given-name equivalents -------------------------------------------------------------------

GIVEN_NAME_GROUPS: tuple[str, ...] = (
    # men: Slavic, Greek, Romance, Germanic, Arabic and Turkish forms of one name per line
    "alexander aleksandr oleksandr aleksandar alexandre alessandro alejandro aleksander "
    "alexandru alexandros aleksandras aleksandrs iskander iskandar skender",
    "aleksei alexey oleksiy oleksii aleksej alessio alexis aleksy",
    "andrei andrey andriy andrii andrew andrzej andreas andre andres ondrej andrija andrius andris",
    "anatoly anatolii anatoliy anatolij anatole",
    "anton antonio antoine anthony antonin antoni antonis antanas antonios antonije",
    "arkady arkadii arkadiy arkadiusz",
    "artem artyom artemiy artemii artemios",
    "athanasios atanas afanasy afanasii opanas athanase atanasie",
    "boris borys",
    "bogdan bohdan",
    "christos hristo hristos khristos christo kristo hristiyan",
    "konstantin kostiantyn constantin constantine konstantinos konstanty costantino konstantine",
    "daniel danylo daniil danilo daniele danielius daniels",
    "david davit davide dawid davyd dovydas davud daud dawood",
    "denis denys dionysios dennis",
    "dimitrios dimitris dmitry dmitri dmytro dimitar dimitrije demetrius dumitru dymitr dimitri",
    "eduard edward edouard eduardo edvard edoardo",
    "evgeny yevgeny yevhen eugene eugen eugenio eugeniusz evgenios jevgenijs eugeniu",
    "fyodor fedor fedir theodore teodor theodoros todor teodoro fiodor",
    "gennady gennadiy hennadiy gennadii hennadii",
    "georgios giorgos george georgi georgy heorhiy heorhii jerzy jiri jorge georg giorgio "
    "georges gheorghe gjergj giorgi gevorg djordje jurgen",
    "gleb hlib",
    "grigory grigoriy hryhoriy hryhorii gregory gregor grzegorz grigorios gregorio gregoire "
    "grigor grgur",
    "henry heinrich henri enrique enrico henrik henryk genrikh",
    "igor ihor",
    "ilya ilia illia elijah elias ilias ilie ilija",
    "ivan ioannis giannis yannis john jan juan johann johannes hans jean giovanni joao jovan "
    "ion ioan janos jonas sean ian evan iain hovhannes juhani",
    "joseph josef jose giuseppe jozef yosef yusuf yousef youssef osip iosif josip juozas yusif "
    "yusup",
    "charles karl carlos carlo karol karel carl karoly",
    "kirill kyrylo cyril kiril cyrille kyrillos",
    "lev leo",
    "leonid leonidas",
    "lukas luke luka luca lucas lukasz luc lukash",
    "maksim maxim maksym massimo maxime maximo",
    "mark marko marco marc marcus markus marek marcos",
    "martin martyn marcin martino",
    "matvei matthew matteo mathieu matthias mateusz matej matija mateo mattias matei matas matviy",
    "michael mikhail mykhailo michal mihail michel miguel michele mihai mikael michail mihailo "
    "mihajlo michalis mikail mikayil mihaly",
    "nikolai mykola nicholas nicolas nikola niccolo nicola nikolaos nikos mikolaj nicolae "
    "miklos nikolaus",
    "oleg oleh",
    "pavel pavlo paul pablo paolo pawel pavlos paulo paulius pauls pavle",
    "peter petr pyotr petro pierre pedro pietro piotr petar petros petru petras peteris pieter",
    "philip filipp pylyp filip felipe philippe filippo filippos",
    "jacob jakob yakov yakiv jakub giacomo jacques yaqub yakup iakovos jacopo hakob jakab",
    "james jaime jaume seamus hamish",
    "william wilhelm guillaume guillermo guglielmo vilem vilhelm willem",
    "robert roberto roberts robertas",
    "panagiotis panayiotis panagiotes",
    "sotiris sotirios",
    "evangelos evaggelos",
    "eleftherios elefterios",
    "stylianos stelian",
    "charalambos charalampos haralambos haralampos",
    "roman romain romano",
    "rostislav rostyslav",
    "sergei serhiy serhii sergio serge sergiu sergiy sergejs sergiusz sergios",
    "simon semyon semen szymon simeon shimon simone",
    "stanislav stanislaw stanislas stanislao stanislovas",
    "stepan stefan stephen steven stephane esteban stefano stjepan stefanos istvan steponas",
    "svyatoslav sviatoslav",
    "taras",
    "thomas tomas tomasz tommaso tamas foma toma",
    "timofei timothy tymofiy tymofii timotheus timoteo timothee tymoteusz",
    "valentin valentyn valentine valentino walenty",
    "valery valeriy valerii walery valerio",
    "vasily vasyl vasile vasilios vassilis basil vasil vasilije bazyli",
    "viktor victor wiktor vittorio vitor",
    "vitaly vitaliy vitalii witalij",
    "vladimir volodymyr wlodzimierz vladimiras vladimer",
    "vladislav vladyslav wladyslaw ladislav laszlo ladislaus",
    "vyacheslav viacheslav wieslaw vaclav",
    "yaroslav jaroslav jaroslaw",
    "yuri yurii jurij juri youri jurijs jurgis",
    "zakhar zachary zacharias zakaria zakariya",
    "emmanuel emanuel emanuele manuel manoel",
    "benjamin veniamin binyamin beniamino benyamin",
    "abraham ibrahim avraham abram avram ebrahim brahim",
    "moses musa moshe moise mojsije mozes movses",
    "solomon suleiman sulaiman suleyman salomon shlomo sulejman",
    "mohammed muhammad mohamed mohammad mehmet mehmed muhammed mohamad mohamud mamadou "
    "muhamed mahammad mukhammad magomed muhammet",
    "ahmed ahmad ahmet akhmed akhmad",
    "mustafa mostafa moustafa mustapha",
    "hussein hussain husain huseyin huseyn gusein husejn",
    "hasan hassan gasan",
    "ali alija",
    "omar umar omer umer",
    "osman othman uthman usman",
    "ismail ismael ismayil ishmael smail",
    "khalid khaled halid halit",
    "abdullah abdallah abdulla abdellah abdoulaye abdulah",
    "yaqub yakub",
    "ramzan ramazan ramadan ramadhan",
    "rashid rachid reshit rasid",
    # women
    "yulia julia iuliia yuliya julija julie juliette giulia iulia yuliia",
    "maria mariya mariia marija mary marie maryam mariam miriam",
    "elena yelena olena helen helena helene jelena eleni elene",
    "ekaterina yekaterina kateryna katarzyna catherine katharina caterina katarina katerina "
    "ecaterina aikaterini katherine katalin",
    "anna ana hanna hannah anne ann",
    "natalia natalya nataliya natalie nathalie natalija",
    "tatiana tatyana tetiana tatjana",
    "irina iryna irene irini eirini irena",
    "olga olha",
    "svetlana svitlana",
    "lyudmila liudmyla ludmila ludmilla",
    "galina halyna",
    "oksana ksenia kseniya kseniia xenia",
    "sofia sofiya sophia sophie zofia sofija",
    "anastasia anastasiya anastasiia anastazja",
    "viktoria viktoriya victoria wiktoria vittoria",
    "alexandra aleksandra oleksandra alessandra alejandra",
    "evgenia yevgenia yevheniya eugenia eugenie",
    "daria darya dariia",
    "margarita margaret margarete marguerite malgorzata margit margareta",
    "elizabeth elisabeth elizaveta yelizaveta elzbieta elisabetta isabel elisaveta",
    "valentina walentyna",
    "nadezhda nadiya nadiia",
    "larisa larysa larissa",
    "vera wiera",
    "fatima fatma fatimah fatemeh",
    "aisha ayesha aicha aysha ayse",
    "khadija hatice khadijah kadija",
    "zainab zeynep zaynab zeinab",
    "maryana marianna marjana",
)
"""One group per line: the same given name in several languages and romanisations."""

NICKNAMES: Mapping[str, str] = {
    "sasha": "alexander", "sanya": "alexander", "alex": "alexander", "lyosha": "aleksei",
    "dima": "dmitry", "vanya": "ivan", "kolya": "nikolai", "misha": "mikhail",
    "volodya": "vladimir", "vova": "vladimir", "seryozha": "sergei", "zhenya": "evgeny",
    "yura": "yuri", "petya": "peter", "pasha": "pavel", "kostya": "konstantin",
    "slava": "vyacheslav", "tolya": "anatoly", "vitya": "viktor", "grisha": "grigory",
    "natasha": "natalia", "tanya": "tatiana", "katya": "ekaterina", "masha": "maria",
    "lena": "elena", "olya": "olga", "sveta": "svetlana", "nastya": "anastasia",
    "dasha": "daria", "yulya": "yulia", "nadya": "nadezhda", "ira": "irina",
    "bill": "william", "will": "william", "wim": "william",
    "kostas": "konstantin", "giorgos": "georgios", "mitko": "dimitrios", "mitja": "dimitrios",
    "nikos": "nikolai", "takis": "panagiotis", "panos": "panagiotis", "bob": "robert",
    "mike": "michael",
    "tom": "thomas", "andy": "andrei", "dan": "daniel", "joe": "joseph", "pepe": "joseph",
    "jim": "james", "jimmy": "james", "ted": "theodore", "teddy": "theodore",
    "theo": "theodore", "ed": "eduard", "eddie": "eduard", "ned": "eduard", "nick": "nicholas",
    "tony": "anton", "steve": "stephen", "pete": "peter", "matt": "matthew", "chris": "christos",
    "kate": "catherine", "liz": "elizabeth", "beth": "elizabeth", "annie": "anna",
    # Russian and Ukrainian
    "shura": "alexander", "sashko": "alexander", "alyosha": "aleksei", "mitya": "dmitry",
    "fedya": "fyodor", "gosha": "georgios", "zhora": "georgios",
    "lyonya": "leonid", "stas": "stanislav", "yasha": "jacob", "valera": "valery",
    "gena": "gennady", "borya": "boris", "senya": "simon", "tima": "timofei",
    "danya": "daniel", "styopa": "stepan", "lyuda": "lyudmila", "galya": "galina",
    "ksyusha": "oksana", "sonya": "sofia", "vika": "viktoria", "zhenia": "evgenia",
    # Greek
    "yorgos": "georgios", "yiorgos": "georgios", "mitsos": "dimitrios", "mimis": "dimitrios",
    "kostis": "konstantinos", "kostakis": "konstantinos", "dinos": "konstantinos",
    "thanasis": "athanasios", "thanos": "athanasios", "manolis": "emmanuel",
    "sotos": "sotiris", "vangelis": "evangelos", "lefteris": "eleftherios",
    "stelios": "stylianos", "babis": "charalambos", "pavlakis": "pavlos",
    # Bulgarian, Serbian, Macedonian
    "gosho": "georgi", "sasho": "alexander", "pesho": "petar", "tosho": "todor",
    "kiro": "kiril", "vanyo": "ivan", "misho": "mikhail", "ceca": "svetlana",
}  # fmt: skip
"""Common familiar forms and a name of the group they stand for (a form that stands for two
names, ``Sakis`` for Athanasios or Anastasios, is left out). Compiled by hand from the usual
hypocoristics of Russian, Ukrainian, Greek, Bulgarian and Serbian given names: no maintained
machine-readable list covers them (rigour's person-name symbols come from Wikidata through
its compiled tagger and hold few familiar forms, see above)."""


def _build_groups(lines: Iterable[str]) -> dict[str, frozenset[int]]:
    index: dict[str, set[int]] = {}
    for number, line in enumerate(lines):
        for name in line.split():
            index.setdefault(skeleton(name), set()).add(number)
    return {key: frozenset(groups) for key, groups in index.items()}


_GROUPS = _build_groups(GIVEN_NAME_GROUPS)


_NONE: frozenset[int] = frozenset()


def _build_nicknames() -> dict[str, frozenset[int]]:
    out: dict[str, frozenset[int]] = {}
    for nickname, name in NICKNAMES.items():
        groups = _GROUPS.get(skeleton(name))
        if groups:  # Zhenya is Evgeny and Evgenia: a form may stand for several groups
            key = skeleton(nickname)
            out[key] = out.get(key, _NONE) | groups
    return out


_NICKNAMES = _build_nicknames()


def given_name_groups(skeletons: Iterable[str]) -> frozenset[int]:
    """The equivalence groups any of these skeleton keys belongs to (empty if none)."""
    found: frozenset[int] = _NONE
    for key in skeletons:
        groups = _GROUPS.get(key)
        if groups:
            found = found | groups
    return found


def nickname_groups(skeletons: Iterable[str]) -> frozenset[int]:
    """The groups these skeleton keys stand for as diminutives (``sasha`` for Alexander)."""
    found: frozenset[int] = _NONE
    for key in skeletons:
        groups = _NICKNAMES.get(key)
        if groups:
            found = found | groups
    return found


# --- gendered surnames ------------------------------------------------------------------------

# (ending, gender, what replaces the ending to give the stem). Endings are lower-case ASCII
# (``Nováková`` arrives as ``novakova``); the longest ending that fits wins.
_SURE_ENDINGS: tuple[tuple[str, str, str], ...] = (
    ("skaya", Gender.FEMALE, "sk"), ("skaia", Gender.FEMALE, "sk"), ("skaja", Gender.FEMALE, "sk"),
    ("ckaya", Gender.FEMALE, "ck"), ("ckaia", Gender.FEMALE, "ck"),
    ("tskaya", Gender.FEMALE, "tsk"), ("tskaia", Gender.FEMALE, "tsk"),
    ("ska", Gender.FEMALE, "sk"), ("cka", Gender.FEMALE, "ck"), ("zka", Gender.FEMALE, "zk"),
    ("skiy", Gender.MALE, "sk"), ("skii", Gender.MALE, "sk"), ("skyi", Gender.MALE, "sk"),
    ("skyy", Gender.MALE, "sk"), ("skij", Gender.MALE, "sk"), ("skyj", Gender.MALE, "sk"),
    ("sky", Gender.MALE, "sk"), ("ski", Gender.MALE, "sk"),
    ("ckiy", Gender.MALE, "ck"), ("ckii", Gender.MALE, "ck"), ("cky", Gender.MALE, "ck"),
    ("cki", Gender.MALE, "ck"), ("zki", Gender.MALE, "zk"),
    ("tskiy", Gender.MALE, "tsk"), ("tskii", Gender.MALE, "tsk"), ("tskyi", Gender.MALE, "tsk"),
    ("tsky", Gender.MALE, "tsk"),
    ("ovna", Gender.FEMALE, "ovn"), ("evna", Gender.FEMALE, "evn"),
    ("ovich", Gender.MALE, "ovn"), ("evich", Gender.MALE, "evn"),
    ("ovych", Gender.MALE, "ovn"), ("ovitch", Gender.MALE, "ovn"),
    ("yova", Gender.FEMALE, "yov"), ("iova", Gender.FEMALE, "iov"),
    ("ova", Gender.FEMALE, "ov"), ("eva", Gender.FEMALE, "ev"),
    ("yov", Gender.MALE, "yov"), ("iov", Gender.MALE, "iov"),
    ("ov", Gender.MALE, "ov"), ("ev", Gender.MALE, "ev"),
    ("ina", Gender.FEMALE, "in"), ("yna", Gender.FEMALE, "yn"),
    ("aya", Gender.FEMALE, ""), ("aia", Gender.FEMALE, ""),
    ("iene", Gender.FEMALE, ""), ("aite", Gender.FEMALE, ""), ("yte", Gender.FEMALE, ""),
    ("ute", Gender.FEMALE, ""), ("dottir", Gender.FEMALE, ""),
)  # fmt: skip
# Endings that are only safe to read when the other spelling offers the opposite sex.
_PAIR_ENDINGS: tuple[tuple[str, str, str], ...] = (
    ("in", Gender.MALE, "in"), ("yn", Gender.MALE, "yn"),
    ("oy", Gender.MALE, ""), ("iy", Gender.MALE, ""), ("yy", Gender.MALE, ""),
    ("ii", Gender.MALE, ""), ("yi", Gender.MALE, ""), ("ij", Gender.MALE, ""),
    ("ieks", Gender.MALE, ""), ("iece", Gender.FEMALE, ""),
    ("as", Gender.MALE, ""), ("is", Gender.MALE, ""), ("us", Gender.MALE, ""),
    ("ys", Gender.MALE, ""), ("s", Gender.MALE, ""),
    ("e", Gender.FEMALE, ""), ("a", Gender.FEMALE, ""), ("y", Gender.MALE, ""),
    ("os", Gender.MALE, ""), ("ou", Gender.FEMALE, ""), ("i", Gender.FEMALE, ""),
    ("son", Gender.MALE, ""),
)  # fmt: skip
_MIN_STEM = 3


def _by_ending(
    endings: tuple[tuple[str, str, str], ...],
) -> dict[str, tuple[tuple[str, str, str], ...]]:
    table: dict[str, list[tuple[str, str, str]]] = {}
    for entry in endings:
        table.setdefault(entry[0], []).append(entry)
    return {ending: tuple(entries) for ending, entries in table.items()}


_SURE = _by_ending(_SURE_ENDINGS)
_PAIR = _by_ending(_PAIR_ENDINGS)
_LONGEST_ENDING = max(len(e[0]) for e in _SURE_ENDINGS + _PAIR_ENDINGS)


def _analyses(
    word: str, table: dict[str, tuple[tuple[str, str, str], ...]]
) -> list[tuple[str, str, int]]:
    """Every ``(stem, gender, length of the ending)`` reading of ``word``."""
    found = []
    for size in range(1, min(_LONGEST_ENDING, len(word) - _MIN_STEM) + 1):
        for ending, gender, stem_end in table.get(word[-size:], ()):
            found.append((skeleton(word[:-size] + stem_end), gender, len(ending)))
    return found


@lru_cache(maxsize=100_000)
def surname_gender(form: str) -> tuple[str, str | None]:
    """``(stem, gender)`` for a lower-case ASCII surname: the sex its ending reliably implies
    (``petrova`` gives ``("petrov", "female")``; ``kowalski`` gives ``("kovalsk", "male")``)
    or ``None`` with the word's skeleton as the stem (``smith``, ``nguyen``, ``""``)."""
    found = _analyses(form, _SURE)
    if not found:
        return skeleton(form), None
    stem, gender, _ = max(found, key=lambda item: item[2])  # the longest ending
    return stem, gender


_CONSONANT_END = re.compile("[^aeiouy]$")


@lru_cache(maxsize=200_000)
def _all_analyses(form: str) -> tuple[tuple[str, str], ...]:
    found = [(stem, gender) for stem, gender, _ in _analyses(form, _SURE)]
    found += [(stem, gender) for stem, gender, _ in _analyses(form, _PAIR)]
    if form.endswith("ova") and len(form) - 3 >= _MIN_STEM:
        found.append((skeleton(form[:-3]), Gender.FEMALE))  # Nováková: the male is Novák
    return tuple(found)


def gendered_pair(a: str, b: str) -> bool:
    """Whether two lower-case ASCII spellings are the male and female forms of one name (in
    either order): the same stem under some ending rule with opposite sexes, or a Czech
    ``-ová`` beside the bare male form (``Novák``/``Nováková``), or a consonant-final name beside
    the same name with ``-a`` (``Daniel``/``Daniela``, ``Ivan``/``Ivana``)."""
    if a == b or not a or not b or skeleton(a) == skeleton(b):
        return False
    for male, female in ((a, b), (b, a)):
        if _CONSONANT_END.search(male) and female == male + "a" and len(male) >= _MIN_STEM:
            return True
        if female.endswith("ova") and skeleton(female[:-3]) in (
            skeleton(male),
            skeleton(male[:-1]) if male.endswith("a") else "",
        ):
            return True
    analyses_b = _all_analyses(b)
    for stem_a, gender_a in _all_analyses(a):
        for stem_b, gender_b in analyses_b:
            if stem_a == stem_b and gender_a != gender_b:
                return True
    return False
