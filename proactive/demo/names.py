"""Plausible Korean personal names for the demo data set, drawn with a seeded ``random.Random``.

Surnames are weighted roughly by their share of the population (김 about a fifth, 이 about a seventh …).
Given names are two syllables from the syllables commonly used for men's and women's names. Every
syllable carries the spelling commonly used in passports, so each person also gets an English name
("KIM Minjun") and a plausible e-mail local part ("minjun.kim").
"""

import random

# fmt: off
# (surname, romanisation, weight ≈ per mille of the population)
SURNAMES: list[tuple[str, str, int]] = [
    ("김", "Kim", 215), ("이", "Lee", 147), ("박", "Park", 84), ("최", "Choi", 47), ("정", "Jung", 43),
    ("강", "Kang", 24), ("조", "Cho", 21), ("윤", "Yoon", 21), ("장", "Jang", 20), ("임", "Lim", 17),
    ("한", "Han", 15), ("오", "Oh", 15), ("서", "Seo", 15), ("신", "Shin", 15), ("권", "Kwon", 14),
    ("황", "Hwang", 14), ("안", "Ahn", 14), ("송", "Song", 13), ("류", "Ryu", 12), ("전", "Jeon", 11),
    ("홍", "Hong", 11), ("고", "Ko", 9), ("문", "Moon", 9), ("양", "Yang", 9), ("손", "Son", 9),
    ("배", "Bae", 8), ("백", "Baek", 8), ("허", "Heo", 7), ("유", "Yoo", 6), ("남", "Nam", 6),
    ("심", "Shim", 5), ("노", "Noh", 4), ("하", "Ha", 4), ("곽", "Kwak", 4), ("성", "Sung", 4),
    ("차", "Cha", 4), ("주", "Joo", 4), ("우", "Woo", 4), ("구", "Koo", 4), ("민", "Min", 3),
    ("진", "Jin", 3), ("나", "Na", 3), ("지", "Ji", 3), ("엄", "Eom", 3), ("변", "Byun", 3),
    ("채", "Chae", 2), ("원", "Won", 2), ("천", "Cheon", 2), ("방", "Bang", 2), ("공", "Kong", 2),
    ("현", "Hyun", 2), ("함", "Ham", 1), ("여", "Yeo", 1), ("추", "Choo", 1), ("도", "Do", 1),
    ("석", "Seok", 1), ("선", "Sun", 1), ("설", "Seol", 1), ("마", "Ma", 1), ("길", "Gil", 1),
    ("연", "Yeon", 1), ("위", "Wi", 1), ("표", "Pyo", 1), ("명", "Myung", 1), ("기", "Ki", 1),
]

# Passport-style spelling of each syllable used below.
SYLLABLES: dict[str, str] = {
    "가": "ga", "건": "geon", "경": "kyung", "광": "kwang", "규": "gyu", "근": "geun", "기": "ki", "나": "na",
    "다": "da", "대": "dae", "도": "do", "동": "dong", "란": "ran", "린": "rin", "명": "myung", "미": "mi",
    "민": "min", "범": "beom", "병": "byung", "보": "bo", "빈": "bin", "상": "sang", "서": "seo", "석": "seok",
    "선": "sun", "성": "sung", "세": "se", "소": "so", "수": "su", "숙": "sook", "순": "soon", "승": "seung",
    "시": "si", "식": "sik", "아": "a", "연": "yeon", "영": "young", "예": "ye", "옥": "ok", "용": "yong",
    "우": "woo", "원": "won", "유": "yu", "윤": "yoon", "은": "eun", "인": "in", "일": "il", "재": "jae",
    "정": "jung", "종": "jong", "주": "ju", "준": "jun", "지": "ji", "진": "jin", "창": "chang", "채": "chae",
    "철": "chul", "태": "tae", "택": "taek", "하": "ha", "한": "han", "현": "hyun", "혁": "hyuk", "형": "hyung",
    "혜": "hye", "호": "ho", "환": "hwan", "훈": "hoon", "희": "hee",
}

# Syllables commonly used first / second in men's and women's given names (born 1965–2000).
MALE_FIRST = list("민준서도현지성상영동재정승태우진경종용병기석대광창형세건시한")
MALE_SECOND = list("준호수민우현석진훈철영식기환규성범혁원빈재일택근종용태한")
FEMALE_FIRST = list("지수서민은혜미유예하현정선소다채윤나보연주희영경미은")
FEMALE_SECOND = list("영희숙경정진현은연아민지원윤주빈서린하미혜선순옥란")

# fmt: on

_SURNAME_CHOICES = [s for s, _, _ in SURNAMES]
_SURNAME_WEIGHTS = [w for _, _, w in SURNAMES]
_SURNAME_ROMAN = {s: r for s, r, _ in SURNAMES}


def random_name(rng: random.Random) -> tuple[str, str, str]:
    """A (Korean name, English name, e-mail local part) triple, e.g. ("김민준", "KIM Minjun", "minjun.kim")."""
    surname = rng.choices(_SURNAME_CHOICES, weights=_SURNAME_WEIGHTS)[0]
    if rng.random() < 0.5:
        first, second = rng.choice(MALE_FIRST), rng.choice(MALE_SECOND)
    else:
        first, second = rng.choice(FEMALE_FIRST), rng.choice(FEMALE_SECOND)
    if first == second:  # "민민" and the like are not names people are given
        second = rng.choice([s for s in MALE_SECOND + FEMALE_SECOND if s != first])
    given_roman = (SYLLABLES[first] + SYLLABLES[second]).capitalize()
    surname_roman = _SURNAME_ROMAN[surname]
    return (
        f"{surname}{first}{second}",
        f"{surname_roman.upper()} {given_roman}",
        f"{given_roman.lower()}.{surname_roman.lower()}",
    )
