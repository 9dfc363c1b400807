"""Name folding and the Ukrainian/Russian spelling variants that let Chernigov find Chernihiv."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sitrep.gazetteer import Gazetteer, fold
from sitrep.gazetteer.translit import (
    cyrillic_variants,
    key_text,
    name_key,
    russian_style,
    spelling_variants,
    translit_ru,
    translit_uk,
    ukrainian_style,
)

# Official Ukrainian Cyrillic -> the national romanisation (the names on Ukraine's own maps and signs).
UKRAINIAN_SYSTEM = [
    ("Київ", "Kyiv"),
    ("Харків", "Kharkiv"),
    ("Чернігів", "Chernihiv"),
    ("Миколаїв", "Mykolaiv"),
    ("Запоріжжя", "Zaporizhzhia"),
    ("Луганськ", "Luhansk"),
    ("Одеса", "Odesa"),
    ("Львів", "Lviv"),
    ("Рівне", "Rivne"),
    ("Дніпро", "Dnipro"),
    ("Житомир", "Zhytomyr"),
    ("Вінниця", "Vinnytsia"),
    ("Хмельницький", "Khmelnytskyi"),
    ("Кропивницький", "Kropyvnytskyi"),
    ("Тернопіль", "Ternopil"),
    ("Чернівці", "Chernivtsi"),
    ("Черкаси", "Cherkasy"),
    ("Ужгород", "Uzhhorod"),
    ("Слов'янськ", "Sloviansk"),
    ("Сєвєродонецьк", "Sievierodonetsk"),
    ("Лисичанськ", "Lysychansk"),
    ("Горлівка", "Horlivka"),
    ("Макіївка", "Makiivka"),
    ("Кременчук", "Kremenchuk"),
    ("Бердянськ", "Berdiansk"),
    ("Бориспіль", "Boryspil"),
    ("Ірпінь", "Irpin"),
    ("Гостомель", "Hostomel"),
    ("Ізюм", "Izium"),
    ("Куп’янськ", "Kupiansk"),
    ("Енергодар", "Enerhodar"),
    ("Авдіївка", "Avdiivka"),
    ("Охтирка", "Okhtyrka"),
    ("Павлоград", "Pavlohrad"),
    ("Прилуки", "Pryluky"),
    ("Чорнобиль", "Chornobyl"),
    ("Ясинувата", "Yasynuvata"),
    ("Єнакієве", "Yenakiieve"),
    ("Йосипівка", "Yosypivka"),
    ("Згурівка", "Zghurivka"),
    ("Щастя", "Shchastia"),
    ("Кривий Ріг", "Kryvyi Rih"),
    ("Біла Церква", "Bila Tserkva"),
    ("Кам'янець-Подільський", "Kamianets-Podilskyi"),
    ("Івано-Франківськ", "Ivano-Frankivsk"),
    ("Нова Каховка", "Nova Kakhovka"),
]

# Russian Cyrillic -> the form English-language reporting used for years ("plain") and BGN-style.
RUSSIAN_FORMS = [
    ("Киев", "Kiev", "Kiyev"),
    ("Харьков", "Kharkov", "Kharkov"),
    ("Чернигов", "Chernigov", "Chernigov"),
    ("Николаев", "Nikolaev", "Nikolayev"),
    ("Запорожье", "Zaporozhe", "Zaporozhye"),
    ("Луганск", "Lugansk", "Lugansk"),
    ("Одесса", "Odessa", "Odessa"),
    ("Львов", "Lvov", "Lvov"),
    ("Ровно", "Rovno", "Rovno"),
    ("Днепр", "Dnepr", "Dnepr"),
    ("Днепропетровск", "Dnepropetrovsk", "Dnepropetrovsk"),
    ("Артёмовск", "Artemovsk", "Artyomovsk"),
    ("Житомир", "Zhitomir", "Zhitomir"),
    ("Винница", "Vinnitsa", "Vinnitsa"),
    ("Хмельницкий", "Khmelnitsky", "Khmelnitskiy"),
    ("Тернополь", "Ternopol", "Ternopol"),
    ("Черновцы", "Chernovtsy", "Chernovtsy"),
    ("Черкассы", "Cherkassy", "Cherkassy"),
    ("Ужгород", "Uzhgorod", "Uzhgorod"),
    ("Славянск", "Slavyansk", "Slavyansk"),
    ("Северодонецк", "Severodonetsk", "Severodonetsk"),
    ("Лисичанск", "Lisichansk", "Lisichansk"),
    ("Горловка", "Gorlovka", "Gorlovka"),
    ("Макеевка", "Makeevka", "Makeyevka"),
    ("Кременчуг", "Kremenchug", "Kremenchug"),
    ("Бердянск", "Berdyansk", "Berdyansk"),
    ("Борисполь", "Borispol", "Borispol"),
    ("Ирпень", "Irpen", "Irpen"),
    ("Гостомель", "Gostomel", "Gostomel"),
    ("Изюм", "Izyum", "Izyum"),
    ("Энергодар", "Energodar", "Energodar"),
    ("Авдеевка", "Avdeevka", "Avdeyevka"),
    ("Ахтырка", "Akhtyrka", "Akhtyrka"),
    ("Чернобыль", "Chernobyl", "Chernobyl"),
    ("Припять", "Pripyat", "Pripyat"),
    ("Кривой Рог", "Krivoy Rog", "Krivoy Rog"),
    ("Белая Церковь", "Belaya Tserkov", "Belaya Tserkov"),
    ("Енакиево", "Enakievo", "Yenakiyevo"),
]

# Ukrainian-style Latin -> a Russian-style key it must generate (for places GeoNames lists no Cyrillic for).
RUSSIAN_STYLE = [
    ("Kharkiv", "kharkov"),
    ("Chernihiv", "chernigov"),
    ("Mykolaiv", "nikolaev"),
    ("Luhansk", "lugansk"),
    ("Kyiv", "kiev"),
    ("Odesa", "odessa"),
    ("Lviv", "lvov"),
    ("Zhytomyr", "zhitomir"),
    ("Ternopil", "ternopol"),
    ("Cherkasy", "cherkassy"),
    ("Uzhhorod", "uzhgorod"),
    ("Horlivka", "gorlovka"),
    ("Makiivka", "makeevka"),
    ("Berdiansk", "berdyansk"),
    ("Izium", "izyum"),
    ("Kupiansk", "kupyansk"),
    ("Hostomel", "gostomel"),
    ("Enerhodar", "energodar"),
    ("Pavlohrad", "pavlograd"),
    ("Khmelnytskyi", "khmelnitsky"),
    ("Ivano-Frankivsk", "ivano frankovsk"),
    ("Avdiivka", "avdeevka"),
    ("Boryspil", "borispol"),
    ("Kirovohrad", "kirovograd"),
]


@pytest.mark.parametrize(("cyrillic", "latin"), UKRAINIAN_SYSTEM)
def test_translit_uk_follows_the_national_system(cyrillic: str, latin: str) -> None:
    assert translit_uk(cyrillic) == latin


@pytest.mark.parametrize(("cyrillic", "plain", "bgn"), RUSSIAN_FORMS)
def test_translit_ru_gives_the_news_forms(cyrillic: str, plain: str, bgn: str) -> None:
    assert translit_ru(cyrillic) == plain
    assert translit_ru(cyrillic, style="bgn") == bgn


@pytest.mark.parametrize(("ukrainian", "russian"), RUSSIAN_STYLE)
def test_russian_style_restyles_ukrainian_latin(ukrainian: str, russian: str) -> None:
    assert russian in russian_style(ukrainian)


@pytest.mark.parametrize(
    ("russian", "ukrainian"),
    [("Lugansk", "luhansk"), ("Kharkov", "kharkiv"), ("Chernigov", "chernihiv"), ("Nikolaev", "mykolaiv"),
     ("Odessa", "odesa"), ("Gorlovka", "horlivka"), ("Lvov", "lviv")],
)  # fmt: skip
def test_ukrainian_style_restyles_russian_latin(russian: str, ukrainian: str) -> None:
    assert ukrainian in ukrainian_style(russian)


def test_translit_keeps_case_of_each_word() -> None:
    assert translit_uk("ЩАСТЯ") == "SHCHASTIA"
    assert translit_uk("місто Київ") == "misto Kyiv"
    assert translit_ru("Щёлково") == "Shchelkovo"


def test_cyrillic_variants_pick_the_system_by_letters() -> None:
    assert cyrillic_variants("Чернігів") == {"Chernihiv"}  # і: Ukrainian only
    assert cyrillic_variants("Харьков") >= {"Kharkov"}
    assert "Luhansk" in cyrillic_variants("Луганськ")
    assert cyrillic_variants("Луганск") == {"Luhansk", "Lugansk"}  # could be either language
    assert cyrillic_variants("Kyiv") == set()


def test_spelling_variants_are_keys() -> None:
    assert "chernigov" in spelling_variants("Chernihiv")
    assert "kharkov" in spelling_variants("Харьков")
    assert "chernihiv" not in spelling_variants("Chernihiv")  # the name itself is not a variant


def test_rules_leave_unrelated_names_alone() -> None:
    assert russian_style("Sumy") == set()
    assert russian_style("Kherson") == set()
    assert ukrainian_style("Bangkok") == set()  # "ng" is not a Slavic г


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Mariúpol", "mariupol"),
        ("KYIV", "kyiv"),
        ("Kam’ianske", "kam'ianske"),
        ("Łódź", "lodz"),
        ("İstanbul", "istanbul"),
        ("Straße", "straße"),
        ("Чернігів", "чернігів"),
        ("Йосипівка", "йосипівка"),  # й is its own letter, not и with a mark
        ("Ёлки", "елки"),
        ("Mariu\u0301pol", "mariu\u0301pol"),  # a lone combining mark stays, in place
    ],
)
def test_fold_examples(text: str, folded: str) -> None:
    assert fold(text) == folded


@given(st.text())
def test_fold_preserves_length(text: str) -> None:
    assert len(fold(text)) == len(text)


@given(st.text())
def test_fold_is_idempotent(text: str) -> None:
    assert fold(fold(text)) == fold(text)


@given(st.text())
def test_key_text_offsets_point_at_the_folded_letters(text: str) -> None:
    keyed, offsets = key_text(text)
    folded = fold(text)
    assert len(keyed) == len(offsets)
    assert keyed.startswith(" ") and keyed.endswith(" ")
    assert offsets == sorted(offsets)
    for ch, offset in zip(keyed, offsets, strict=True):
        if ch != " ":
            assert folded[offset] == ch


def test_key_text_separators_and_apostrophes() -> None:
    assert key_text("Kyiv’s  Kam'ianske,Ivano-Frankivsk")[0] == " kyiv s kamianske ivano frankivsk "
    assert key_text("")[0] == " "


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Ivano-Frankivsk", "ivano frankivsk"),
        ("Kam'ianske", "kamianske"),
        ("Mariupol'", "mariupol"),
        ("  St. Petersburg ", "st petersburg"),
        ("U.S.", "u s"),
        ("Mariu\u0301pol", "mariupol"),
        ("---", ""),
    ],
)
def test_name_key(name: str, key: str) -> None:
    assert name_key(name) == key


def test_name_key_is_nfc_nfd_blind() -> None:
    name = "Mariúpol Ćuprija"
    assert name_key(unicodedata.normalize("NFD", name)) == name_key(unicodedata.normalize("NFC", name))


# Real spellings of Ukrainian places in English-language reporting (Russian-style, Ukrainian-style, old
# names, Cyrillic, diacritics), each with another spelling of the same place: both must find it in the
# full gazetteer.
VARIANT_PAIRS = [
    ("Kharkov", "Kharkiv"), ("Chernigov", "Chernihiv"), ("Nikolaev", "Mykolaiv"),
    ("Nikolayev", "Mykolaiv"), ("Zaporozhye", "Zaporizhzhia"), ("Zaporizhia", "Zaporizhzhia"),
    ("Lugansk", "Luhansk"), ("Kiev", "Kyiv"), ("Odessa", "Odesa"), ("Artemivsk", "Bakhmut"),
    ("Artemovsk", "Bakhmut"), ("Lvov", "Lviv"), ("Rovno", "Rivne"), ("Zhitomir", "Zhytomyr"),
    ("Vinnitsa", "Vinnytsia"), ("Ternopol", "Ternopil"), ("Cherkassy", "Cherkasy"),
    ("Uzhgorod", "Uzhhorod"), ("Gorlovka", "Horlivka"), ("Makeevka", "Makiivka"),
    ("Makeyevka", "Makiivka"), ("Kremenchug", "Kremenchuk"), ("Berdyansk", "Berdiansk"),
    ("Borispol", "Boryspil"), ("Irpen", "Irpin"), ("Gostomel", "Hostomel"), ("Izyum", "Izium"),
    ("Kupyansk", "Kupiansk"), ("Energodar", "Enerhodar"), ("Avdeevka", "Avdiivka"),
    ("Avdeyevka", "Avdiivka"), ("Akhtyrka", "Okhtyrka"), ("Chernobyl", "Chornobyl"),
    ("Pripyat", "Prypiat"), ("Krivoy Rog", "Kryvyi Rih"), ("Belaya Tserkov", "Bila Tserkva"),
    ("Slavyansk", "Sloviansk"), ("Severodonetsk", "Sievierodonetsk"), ("Lisichansk", "Lysychansk"),
    ("Mariúpol", "Mariupol"), ("Маріуполь", "Mariupol"), ("Мариуполь", "Mariupol"),
    ("Харків", "Kharkiv"), ("Харьков", "Kharkiv"), ("Чернігів", "Chernihiv"), ("Київ", "Kyiv"),
    ("Киев", "Kyiv"), ("Одеса", "Odesa"), ("Херсон", "Kherson"), ("Мелітополь", "Melitopol"),
    ("Popasnaya", "Popasna"), ("Rubezhnoye", "Rubizhne"), ("Rubezhnoe", "Rubizhne"),
    ("Schastye", "Shchastia"), ("Debaltsevo", "Debaltseve"), ("Yenakiyevo", "Yenakiieve"),
    ("Enakievo", "Yenakiieve"), ("Khmelnitsky", "Khmelnytskyi"), ("Khmelnitskiy", "Khmelnytskyi"),
    ("Kirovograd", "Kropyvnytskyi"), ("Ivano-Frankovsk", "Ivano-Frankivsk"),
    ("Chernovtsy", "Chernivtsi"), ("Novaya Kakhovka", "Nova Kakhovka"), ("Genichesk", "Henichesk"),
    ("Konstantinovka", "Kostiantynivka"), ("Kostyantynivka", "Kostiantynivka"),
    ("Svyatogorsk", "Sviatohirsk"), ("Vasilkov", "Vasylkiv"), ("Fastov", "Fastiv"),
    ("Mirgorod", "Myrhorod"), ("Trostyanets", "Trostianets"), ("Chuguev", "Chuhuiv"),
    ("Chuguyev", "Chuhuiv"), ("Balakleya", "Balakliia"), ("Lozovaya", "Lozova"),
    ("Volchansk", "Vovchansk"), ("Dnepr", "Dnipro"), ("Dnepropetrovsk", "Dnipro"),
    ("Kramatorsk", "Краматорськ"), ("Volnovakha", "Волноваха"), ("Nikopol", "Нікополь"),
    ("Vuhledar", "Ugledar"), ("Ugledar", "Vuhledar"), ("Sumy", "Суми"), ("Pervomaysk", "Pervomaisk"),
    ("Kiyev", "Kyiv"),
]  # fmt: skip


def test_the_variant_table_is_large_enough() -> None:
    assert len(VARIANT_PAIRS) >= 60
    assert len(set(VARIANT_PAIRS)) == len(VARIANT_PAIRS)


@pytest.mark.parametrize(("variant", "other"), VARIANT_PAIRS)
def test_both_spellings_find_the_same_place(gazetteer: Gazetteer, variant: str, other: str) -> None:
    found = {e.geonameid for e in gazetteer.lookup(variant) if e.country_code == "UA"}
    expected = {e.geonameid for e in gazetteer.lookup(other) if e.country_code == "UA"}
    assert found & expected, f"{variant!r} finds {[e.name for e in gazetteer.lookup(variant)]}"


@pytest.mark.parametrize(
    ("ukrainian", "russian"),
    [("Lohvynove", "logvinovo"), ("Bohuslavske", "boguslavskoye"), ("Opytne", "opytnoe"),
     ("Nyzhnie Lozove", "nyzhnye lozove"), ("Maiorsk", "mayorsk"), ("Zhabycheve", "zhabichevo")],
)  # fmt: skip
def test_russian_style_endings_of_village_names(ukrainian: str, russian: str) -> None:
    assert russian in russian_style(ukrainian)


@pytest.mark.parametrize(
    ("russian", "ukrainian"),
    [
        ("Petrovskoye", "petrovske"),
        ("Logvinovo", "logvinove"),
        ("Mayorsk", "maiorsk"),
        ("Vodyanoye", "vodyane"),
    ],
)
def test_ukrainian_style_endings_of_village_names(russian: str, ukrainian: str) -> None:
    assert ukrainian in ukrainian_style(russian)
