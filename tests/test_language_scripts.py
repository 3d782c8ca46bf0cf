"""Article language and sentence splits in every script the embedding model reads.

Each article is invented for this test: a few news-like sentences per language. Urdu,
Persian and Arabic share one script (as Hindi and Marathi share Devanagari): the script
alone must never decide among them.
"""

from __future__ import annotations

import pytest

from storytrace.clean import prepare
from storytrace.clean.language import settings
from storytrace.clean.segment import split_sentences
from storytrace.types import Article

# (language, three invented sentences written without a space after the stop where the
# script's writers often leave it out: ۔ ؟ । 。 ！ ？; Latin stops keep their space).
ARTICLES = {
    "ur": (
        "وزیر اعلیٰ نے منگل کے روز نئے ہسپتال کا افتتاح کیا۔",
        "انہوں نے کہا کہ شہر کے لوگوں کو اب علاج کے لیے دور نہیں جانا پڑے گا۔",
        "اس منصوبے پر دو سال سے کام جاری تھا اور اس کی لاگت تین ارب روپے ہے۔",
    ),
    "fa": (
        "وزیر بهداشت روز سه شنبه بیمارستان جدید شهر را افتتاح کرد. ",
        "او گفت که مردم این منطقه دیگر برای درمان به پایتخت سفر نمی کنند. ",
        "ساخت این بیمارستان دو سال طول کشید و هزینه آن از بودجه استان پرداخت شد.",
    ),
    "ar": (
        "افتتح وزير الصحة يوم الثلاثاء المستشفى الجديد في المدينة. ",
        "وقال إن سكان المنطقة لن يضطروا بعد الآن إلى السفر إلى العاصمة للعلاج. ",
        "واستغرق بناء المستشفى عامين وتم تمويله من ميزانية المحافظة؟",
    ),
    "hi": (
        "मुख्यमंत्री ने मंगलवार को शहर के नए अस्पताल का उद्घाटन किया।",
        "उन्होंने कहा कि अब लोगों को इलाज के लिए दूर नहीं जाना पड़ेगा।",
        "इस परियोजना पर दो साल से काम चल रहा था और इसकी लागत तीन सौ करोड़ रुपये है।",
    ),
    "mr": (
        "मुख्यमंत्र्यांनी मंगळवारी शहरातील नवीन रुग्णालयाचे उद्घाटन केले।",
        "ते म्हणाले की आता नागरिकांना उपचारासाठी दूर जावे लागणार नाही।",
        "या प्रकल्पावर दोन वर्षांपासून काम सुरू होते आणि त्याचा खर्च तीनशे कोटी रुपये आहे।",
    ),
    "bn": (
        "মুখ্যমন্ত্রী মঙ্গলবার শহরের নতুন হাসপাতালের উদ্বোধন করেন।",
        "তিনি বলেন যে এখন মানুষকে চিকিৎসার জন্য দূরে যেতে হবে না।",
        "এই প্রকল্পে দুই বছর ধরে কাজ চলছিল এবং এর খরচ তিনশো কোটি টাকা।",
    ),
    "ru": (
        "Губернатор во вторник открыл новую больницу в центре города. ",
        "Он сказал, что жителям больше не придётся ездить на лечение в столицу. ",
        "Строительство заняло два года и обошлось областному бюджету в три миллиарда рублей.",
    ),
    "el": (
        "Ο περιφερειάρχης εγκαινίασε την Τρίτη το νέο νοσοκομείο της πόλης. ",
        "Είπε ότι οι κάτοικοι δεν θα χρειάζεται πια να ταξιδεύουν στην πρωτεύουσα. ",
        "Η κατασκευή διήρκεσε δύο χρόνια και κόστισε τρία εκατομμύρια ευρώ.",
    ),
    "he": (
        "ראש העירייה חנך ביום שלישי את בית החולים החדש של העיר. ",
        "הוא אמר כי התושבים לא יצטרכו עוד לנסוע לבירה לטיפול. ",
        "הבנייה נמשכה שנתיים ועלתה שלושה מיליון שקלים.",
    ),
    "th": (
        "ผู้ว่าราชการจังหวัดเปิดโรงพยาบาลแห่งใหม่ของเมืองเมื่อวันอังคาร ",
        "เขากล่าวว่าประชาชนไม่ต้องเดินทางไปรักษาตัวที่เมืองหลวงอีกต่อไป ",
        "การก่อสร้างใช้เวลาสองปีและใช้งบประมาณสามพันล้านบาท",
    ),
    "zh": (
        "市长周二为城市新医院举行了启用仪式。",
        "他说，居民今后不必再前往首都就医。",
        "这项工程历时两年，耗资三十亿元！",
    ),
    "ja": (
        "市長は火曜日、市内の新しい病院の開院式に出席した。",
        "市長は、住民はもう首都まで治療に行く必要がないと述べた。",
        "建設には二年かかり、費用は三十億円に上った？",
    ),
    "ko": (
        "시장은 화요일 시내 새 병원의 개원식에 참석했다. ",
        "그는 주민들이 더 이상 치료를 위해 수도까지 갈 필요가 없다고 말했다. ",
        "공사에는 2년이 걸렸고 비용은 300억 원이 들었다.",
    ),
    "vi": (
        "Thị trưởng đã khánh thành bệnh viện mới của thành phố vào thứ Ba. ",
        "Ông nói rằng người dân sẽ không phải đi chữa bệnh ở thủ đô nữa. ",
        "Công trình kéo dài hai năm với chi phí ba nghìn tỷ đồng.",
    ),
}


@pytest.mark.parametrize("code", sorted(ARTICLES))
def test_article_language_in_every_script(code: str) -> None:
    assert code in settings()["languages"]
    art = prepare(Article(id=code, raw="".join(ARTICLES[code])))
    assert art.language == code


@pytest.mark.parametrize("code", sorted(set(ARTICLES) - {"th"}))  # Thai: no stop to split at
def test_sentences_split_in_every_script(code: str) -> None:
    """Three sentences each; Urdu, Arabic, Devanagari and CJK stops need no space after."""
    sentences = ARTICLES[code]
    text = "".join(sentences)
    assert split_sentences(text) == [s.strip() for s in sentences]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("پہلا جملہ۔دوسرا جملہ۔ تیسرا جملہ", ["پہلا جملہ۔", "دوسرا جملہ۔", "تیسرا جملہ"]),
        ("کیا وہ آئے؟جی ہاں۔", ["کیا وہ آئے؟", "جی ہاں۔"]),
        ("वह आया।फिर गया। अंत", ["वह आया।", "फिर गया।", "अंत"]),
        ("他来了！然后走了？好。", ["他来了！", "然后走了？", "好。"]),
    ],
)
def test_stops_split_with_or_without_space(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


def test_urdu_is_not_persian_by_script() -> None:
    """A paragraph read by its Urdu function words, not by its shared script."""
    art = prepare(Article(id="ur2", raw=" ".join(ARTICLES["ur"]) + "\n\n" + ARTICLES["ur"][0]))
    assert art.language == "ur"
    assert {s.language for s in art.sentences} <= {"ur", None}
    assert len(art.sentences) == 4
