#!/usr/bin/env python3
"""Write fixtures/livebench/livebench.toml: LiveBench cases graded by the
reference graders, with the reference's verdict in each case's comment.

The reference is Reasoning360's copy of LiveBench's graders
(verl/utils/reward_score/livebench, the code that grades `ood__livebench`
rows). Extract that directory from a Reasoning360 checkout and pass the
checkout's root:

    git -C Reasoning360 archive HEAD verl/utils/reward_score/livebench | tar -x -C /tmp/r360
    python scripts/gen_livebench_fixtures.py /tmp/r360

The graders need numpy and pandas (imported by the package). Each case
carries rlvr's expected verdict; where it differs from the reference's, the
case says why rlvr is right, and the script fails if a difference has no
reason.
"""

import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "fixtures", "livebench", "livebench.toml")

PLOT = ("A sailor finds a map in a bottle. He sails to a distant island. "
        "He digs beneath an old palm tree. He finds a chest of gold. "
        "He returns home and buys a farm.")
PLOT_SENTS = [s.strip() + "." for s in PLOT.split(".") if s.strip()]
TYPO_GT = ("The results of the experiment were consistent with the hypothesis, "
           "although the sample size was small and further work is needed.")
TYPO_BAD = TYPO_GT.replace("experiment", "experimnet").replace("hypothesis", "hypotesis")
CONN = ("apple, banana, cherry, grape, red, blue, green, yellow, "
        "hammer, saw, drill, wrench, piano, violin, flute, drum")
G = [w.strip() for w in CONN.split(",")]
JOIN = "{'ab12': 'xq9', 'cd34': 'zz1', 'ef56': 'yy2'}"


def join_list(ws):
    return ", ".join(ws)


# (task, name, why, response, ground truth, our status, our score, why we
# differ from the reference when we do).
CASES = [
    # ------------------------------------------------------------ cta
    ("cta", "cta-gold", "The plain class name, as the prompt asks.",
     "description", "description", "correct", 1.0, None),
    ("cta", "cta-boxed-text", "A boxed \\text{} answer is unwrapped.",
     "The column holds prose.\n\n\\boxed{\\text{description}}", "description", "correct", 1.0, None),
    ("cta", "cta-case-and-punctuation", "Case and surrounding punctuation do not matter.",
     "**Description.**", "description", "correct", 1.0, None),
    ("cta", "cta-lead-in", "A final `Answer:` line after reasoning is read.",
     "The values are free text sentences.\nAnswer: description", "description", "correct", 1.0, None),
    ("cta", "cta-class-is", "`The class is X` on the last line.",
     "Looking at the samples.\nThe class is ratio", "ratio", "correct", 1.0, None),
    ("cta", "cta-close-wrong", "A neighbouring class is wrong.",
     "name", "description", "incorrect", 0.0, None),
    ("cta", "cta-negated", "A negated class ends with the gold's letters.",
     "The answer is not datetime", "datetime", "incorrect", 0.0,
     "the reference accepts any answer whose cleaned text ends with the class (`notdatetime`)"),
    ("cta", "cta-hedge-or", "`date or time`: a hedge whose last word is the gold.",
     "date or time", "time", "incorrect", 0.0,
     "the reference's suffix rule accepts `dateortime` for `time`"),
    ("cta", "cta-box-hedge", "Two boxes joined by `or` are a hedge.",
     "\\boxed{name} or \\boxed{description}", "description", "incorrect", 0.0,
     "the reference reads the last box only"),
    ("cta", "cta-unclosed-box", "An unclosed last box is no answer, never a fallback.",
     "\\boxed{descr", "description", "no_answer", 0.0,
     "the reference raises (its box finder returns None and remove_boxed fails)"),
    ("cta", "cta-think", "A class inside an unfinished think block is no answer.",
     "<think>description", "description", "no_answer", 0.0,
     "the reference reads the whole text, think block included"),
    ("cta", "cta-solution-tag", "A class in <solution> tags (later LiveBench prompts ask for them).",
     "Reasoning.\n<solution>description</solution>", "description", "correct", 1.0,
     "the 2024 grader reads the whole text, whose cleaned end is `solution`"),
    ("cta", "cta-reasoning-last-line", "Reasoning that ends on the class alone.",
     "The column contains ratios between two amounts.\n\nratio", "ratio", "correct", 1.0, None),

    # ------------------------------------------------------------ tablejoin
    ("tablejoin", "join-gold", "The exact mapping as a Python dictionary.",
     JOIN, JOIN, "correct", 1.0, None),
    ("tablejoin", "join-fenced-json", "A JSON object in a fenced block, keys reordered.",
     "Here is the mapping:\n```json\n{\"cd34\": \"zz1\", \"ab12\": \"xq9\", \"ef56\": \"yy2\"}\n```",
     JOIN, "correct", 1.0, None),
    ("tablejoin", "join-solution-tag", "A dictionary in <solution> tags.",
     "<solution>{'ab12': 'xq9', 'cd34': 'zz1', 'ef56': 'yy2'}</solution>", JOIN, "correct", 1.0, None),
    ("tablejoin", "join-none-dropped", "A None value is dropped, not counted.",
     "{'ab12': 'xq9', 'cd34': 'zz1', 'ef56': 'yy2', 'gh78': None}", JOIN, "correct", 1.0, None),
    ("tablejoin", "join-one-wrong", "One wrong pair of three: F1 over pairs.",
     "{'ab12': 'xq9', 'cd34': 'zz1', 'ef56': 'zz1'}", JOIN, "partial", 4 / 6,
     "the reference rounds F1 to two decimals (so 199 of 200 pairs would score 1.0)"),
    ("tablejoin", "join-one-missing", "One missing pair: F1 = 0.8.",
     "{'ab12': 'xq9', 'cd34': 'zz1'}", JOIN, "partial", 0.8, None),
    ("tablejoin", "join-extra-pair", "An extra pair lowers precision.",
     "{'ab12': 'xq9', 'cd34': 'zz1', 'ef56': 'yy2', 'gh78': 'ww3'}", JOIN, "partial", 6 / 7,
     "the reference rounds F1 to two decimals"),
    ("tablejoin", "join-all-wrong", "Every pair wrong.",
     "{'ab12': 'zz1', 'cd34': 'xq9', 'ef56': 'xq9'}", JOIN, "incorrect", 0.0, None),
    ("tablejoin", "join-prose", "No dictionary at all.",
     "Column ab12 joins xq9.", JOIN, "no_answer", 0.0, None),
    ("tablejoin", "join-code-not-literal", "A function call is not a literal (no eval).",
     "```python\ndict(ab12='xq9')\n```", JOIN, "no_answer", 0.0, None),
    ("tablejoin", "join-empty", "An empty mapping is wrong.",
     "{}", JOIN, "incorrect", 0.0, None),

    # ------------------------------------------------------------ web of lies v2
    ("web_of_lies_v2", "wol2-gold-bold", "Bold answers, the prompt's format.",
     "So: **no, yes, yes**", "no, yes, yes", "correct", 1.0, None),
    ("web_of_lies_v2", "wol2-solution", "Answers in <solution> tags.",
     "<solution>no, yes, yes</solution>", "no, yes, yes", "correct", 1.0, None),
    ("web_of_lies_v2", "wol2-bold-separate", "Each answer bolded separately.",
     "Q1 **no**. Q2 **yes**. Q3 **yes**.", "no, yes, yes", "correct", 1.0, None),
    ("web_of_lies_v2", "wol2-boxed", "A boxed list.",
     "\\boxed{no, yes, yes}", "no, yes, yes", "correct", 1.0, None),
    ("web_of_lies_v2", "wol2-plain", "A plain comma list at the end.",
     "Therefore the answers are no, yes, yes", "no, yes, yes", "correct", 1.0, None),
    ("web_of_lies_v2", "wol2-capitals", "Capitalised answers.",
     "**No, Yes, Yes**", "no, yes, yes", "correct", 1.0, None),
    ("web_of_lies_v2", "wol2-one-wrong", "One answer wrong.",
     "**no, yes, no**", "no, yes, yes", "incorrect", 0.0, None),
    ("web_of_lies_v2", "wol2-four-items", "Four answers in the solution: a hedge list.",
     "<solution>no, yes, yes, no</solution>", "no, yes, yes", "incorrect", 0.0,
     "the reference accepts any text holding three answers that contains the gold"),
    ("web_of_lies_v2", "wol2-two-lists", "Two lists in one solution tag.",
     "<solution>no, yes, yes or yes, yes, yes</solution>", "no, yes, yes", "incorrect", 0.0, None),
    ("web_of_lies_v2", "wol2-no-answer", "No answers at all.",
     "I cannot tell.", "no, yes, yes", "no_answer", 0.0, None),
    ("web_of_lies_v2", "wol2-unknown", "`unknown` answers.",
     "**unknown, no, yes**", "unknown, no, yes", "correct", 1.0, None),

    # ------------------------------------------------------------ web of lies v3
    ("web_of_lies_v3", "wol3-gold", "Answers in <solution> tags.",
     "<solution>yes, no, no</solution>", "yes, no, no", "correct", 1.0, None),
    ("web_of_lies_v3", "wol3-boxed", "A boxed list.",
     "\\boxed{yes, no, no}", "yes, no, no", "correct", 1.0, None),
    ("web_of_lies_v3", "wol3-plain", "A plain list.",
     "The answers: yes, no, no", "yes, no, no", "correct", 1.0, None),
    ("web_of_lies_v3", "wol3-two-right", "Two of three right: (0 + 2/3) / 2.",
     "<solution>yes, no, yes</solution>", "yes, no, no", "partial", 1 / 3, None),
    ("web_of_lies_v3", "wol3-one-right", "One of three right: 1/6.",
     "<solution>yes, yes, yes</solution>", "yes, no, no", "partial", 1 / 6, None),
    ("web_of_lies_v3", "wol3-none-right", "None right.",
     "<solution>no, yes, yes</solution>", "yes, no, no", "incorrect", 0.0, None),
    ("web_of_lies_v3", "wol3-no-spaces", "Items without spaces after commas.",
     "<solution>yes,no,no</solution>", "yes, no, no", "correct", 1.0,
     "the reference compares comma-split items untrimmed, so `no` differs from ` no`"),
    ("web_of_lies_v3", "wol3-too-many", "Four items for three questions.",
     "<solution>yes, no, no, yes</solution>", "yes, no, no", "incorrect", 0.0,
     "the reference scores the first three items and ignores the rest"),
    ("web_of_lies_v3", "wol3-other-words", "Words other than yes/no/unknown.",
     "<solution>yes, no, maybe</solution>", "yes, no, no", "incorrect", 0.0,
     "the reference credits the two matching items"),
    ("web_of_lies_v3", "wol3-unclosed", "An unclosed solution tag.",
     "<solution>yes, no, no", "yes, no, no", "no_answer", 0.0,
     "the reference falls back to the plain list"),

    # ------------------------------------------------------------ house traversal
    ("house_traversal", "house-gold", "The names in one bold span.",
     "The path is **kitchen bedroom garage**", "kitchen bedroom garage", "correct", 1.0, None),
    ("house_traversal", "house-commas", "Commas and `then` between names.",
     "**kitchen, then bedroom, then garage**", "kitchen bedroom garage", "correct", 1.0, None),
    ("house_traversal", "house-separate-bold", "Each name in its own bold span.",
     "First **kitchen**, then **bedroom**, finally **garage**.", "kitchen bedroom garage", "correct", 1.0, None),
    ("house_traversal", "house-case", "Capitalised names.",
     "**Kitchen Bedroom Garage**", "kitchen bedroom garage", "correct", 1.0, None),
    ("house_traversal", "house-wrong-order", "Names out of order.",
     "**bedroom kitchen garage**", "kitchen bedroom garage", "incorrect", 0.0, None),
    ("house_traversal", "house-missing", "A name missing.",
     "**kitchen garage**", "kitchen bedroom garage", "incorrect", 0.0, None),
    ("house_traversal", "house-extra-names", "Extra names around the path.",
     "**hall kitchen attic bedroom cellar garage**", "kitchen bedroom garage", "incorrect", 0.0,
     "the reference accepts the names as in-order substrings of the last bold span"),
    ("house_traversal", "house-substring", "A name inside a longer word.",
     "**kitchenette bedrooms garages**", "kitchen bedroom garage", "incorrect", 0.0,
     "the reference matches substrings"),
    ("house_traversal", "house-no-bold", "No bold answer.",
     "kitchen bedroom garage", "kitchen bedroom garage", "no_answer", 0.0, None),
    ("house_traversal", "house-hedge-or", "`or` between two paths.",
     "**kitchen bedroom garage or kitchen garage bedroom**", "kitchen bedroom garage", "incorrect", 0.0,
     "the reference finds the names in order inside the hedge"),

    # ------------------------------------------------------------ zebra
    ("zebra_puzzle", "zebra-gold", "The ***X*** format.",
     "So the answer is ***3***.", "3", "correct", 1.0, None),
    ("zebra_puzzle", "zebra-digit-for-word", "A digit for a number word.",
     "***3***", "three", "correct", 1.0, None),
    ("zebra_puzzle", "zebra-word-for-digit", "A number word for a digit.",
     "***three***", "3", "correct", 1.0,
     "the reference maps only the answer's digit to a word, not the answer's word to a digit"),
    ("zebra_puzzle", "zebra-word-case", "A word answer in capitals.",
     "***Pizza***", "pizza", "correct", 1.0, None),
    ("zebra_puzzle", "zebra-last-word", "No bold: the last word of the text.",
     "The person in position 3 drinks tea, so the answer is pizza", "pizza", "correct", 1.0, None),
    ("zebra_puzzle", "zebra-wrong", "A wrong answer.",
     "***4***", "3", "incorrect", 0.0, None),
    ("zebra_puzzle", "zebra-last-bold-wins", "An earlier draft then the final answer.",
     "Maybe ***4***? No: ***3***", "3", "correct", 1.0, None),
    ("zebra_puzzle", "zebra-hedge-or", "The last line offers alternatives.",
     "It is 4 or 3", "3", "incorrect", 0.0,
     "the reference reads the last word"),
    ("zebra_puzzle", "zebra-boxed", "A boxed answer.",
     "\\boxed{3}", "3", "correct", 1.0, None),
    ("zebra_puzzle", "zebra-solution-tag", "An answer in <solution> tags.",
     "Position 3.\n<solution>3</solution>", "3", "correct", 1.0,
     "the 2024 grader reads the last word, `solution`"),
    ("zebra_puzzle", "zebra-movies", "The `X movies` rule.",
     "***horror***", "horror movies", "correct", 1.0, None),

    # ------------------------------------------------------------ spatial
    ("spatial", "spatial-gold", "A bold number.",
     "There are **3** pieces.", "3", "correct", 1.0, None),
    ("spatial", "spatial-number-word", "A bold number word.",
     "**three**", "3", "correct", 1.0, None),
    ("spatial", "spatial-shape-modifier", "A count before the shape.",
     "**two tetrahedra**", "tetrahedra", "correct", 1.0, None),
    ("spatial", "spatial-equilateral", "A geometric adjective before the shape.",
     "**equilateral triangle**", "triangle", "correct", 1.0, None),
    ("spatial", "spatial-not-shape", "A negated shape.",
     "**not a triangle**", "triangle", "incorrect", 0.0,
     "the reference accepts a shape name inside any short bold phrase"),
    ("spatial", "spatial-hedge-three-bold", "Three bold candidates, the gold not last.",
     "**square**, **triangle**, **circle**", "triangle", "incorrect", 0.0,
     "the reference accepts the gold in any of the last three bold spans"),
    ("spatial", "spatial-boxed", "A boxed answer.",
     "\\boxed{5}", "5", "correct", 1.0, None),
    ("spatial", "spatial-wrong", "A wrong count.",
     "**4**", "3", "incorrect", 0.0, None),
    ("spatial", "spatial-no-answer", "No bold or boxed answer.",
     "I think it is 3 pieces", "3", "no_answer", 0.0, None),
    ("spatial", "spatial-exact-whole", "The whole response is the gold.",
     "3", "3", "correct", 1.0, None),
    ("spatial", "spatial-solution-tag", "An answer in <solution> tags.",
     "So <solution>tetrahedra</solution>", "tetrahedra", "correct", 1.0,
     "the 2024 grader reads bold and boxed answers only"),
    ("spatial", "spatial-answer-lead-in", "`Answer:` inside the bold span.",
     "**Answer: 3**", "3", "correct", 1.0, "the reference compares the whole bold span"),
    ("spatial", "spatial-answer-lead-in-hedge", "`Answer: 3 or 4` inside the bold span.",
     "**Answer: 3 or 4**", "3", "incorrect", 0.0, None),
    ("spatial", "spatial-shape-list", "Several shapes in one bold span.",
     "**circle square triangle**", "triangle", "incorrect", 0.0, None),

    # ------------------------------------------------------------ plot
    ("plot_unscrambling", "plot-gold", "The plot in order in the tag.",
     "<PLOT_SUMMARY>" + PLOT + "</PLOT_SUMMARY>", PLOT, "correct", 1.0, None),
    ("plot_unscrambling", "plot-no-tag", "The plot in order without the tag.",
     PLOT, PLOT, "correct", 1.0, None),
    ("plot_unscrambling", "plot-spacing-case", "Line breaks and case inside sentences.",
     "<PLOT_SUMMARY>\n" + "\n".join(s.upper() for s in PLOT_SENTS) + "\n</PLOT_SUMMARY>", PLOT,
     "correct", 1.0, "the reference's difflib matching is case-sensitive, so upper-cased sentences land on the wrong neighbours"),
    ("plot_unscrambling", "plot-one-swap", "Two adjacent sentences swapped: 1 - 2/5.",
     "<PLOT_SUMMARY>" + " ".join([PLOT_SENTS[1], PLOT_SENTS[0]] + PLOT_SENTS[2:]) + "</PLOT_SUMMARY>",
     PLOT, "partial", 0.6, None),
    ("plot_unscrambling", "plot-last-moved", "The last sentence moved first.",
     "<PLOT_SUMMARY>" + " ".join(PLOT_SENTS[-1:] + PLOT_SENTS[:-1]) + "</PLOT_SUMMARY>",
     PLOT, "partial", 0.6, None),
    ("plot_unscrambling", "plot-missing-sentence", "A sentence left out.",
     "<PLOT_SUMMARY>" + " ".join(PLOT_SENTS[:-1]) + "</PLOT_SUMMARY>", PLOT, "incorrect", 0.0,
     "the reference's fuzzy match maps the missing sentence to its nearest neighbour"),
    ("plot_unscrambling", "plot-one-sentence", "One unrelated sentence.",
     "<PLOT_SUMMARY>The end.</PLOT_SUMMARY>", PLOT, "incorrect", 0.0,
     "the reference maps every plot sentence to the one answer sentence and gives 1/n"),
    ("plot_unscrambling", "plot-repeated", "The plot twice, in two orders.",
     "<PLOT_SUMMARY>" + PLOT + " " + " ".join(reversed(PLOT_SENTS)) + "</PLOT_SUMMARY>",
     PLOT, "incorrect", 0.0, "the reference matches each plot sentence once and ignores the copy"),
    ("plot_unscrambling", "plot-reversed", "The plot reversed: edit distance 4 of 5.",
     "<PLOT_SUMMARY>" + " ".join(reversed(PLOT_SENTS)) + "</PLOT_SUMMARY>", PLOT, "partial", 0.2, None),
    ("plot_unscrambling", "plot-lead-in-colon", "A lead-in ending in a colon joins the first sentence.",
     "<PLOT_SUMMARY>Here is the plot in order: " + PLOT + "</PLOT_SUMMARY>", PLOT, "correct", 1.0, None),
    ("plot_unscrambling", "plot-sentence-altered", "A sentence reworded (a wrong plot).",
     "<PLOT_SUMMARY>" + PLOT.replace("buys a farm", "buys a boat") + "</PLOT_SUMMARY>", PLOT, "incorrect", 0.0,
     "the reference's fuzzy match still places the reworded sentence and scores it in order"),
    ("plot_unscrambling", "plot-lead-in", "A lead-in sentence before the tagless plot.",
     "Here is the plot. " + PLOT, PLOT, "correct", 1.0,
     "the reference maps `Here is the plot` to the nearest plot sentence"),

    # ------------------------------------------------------------ typos
    ("typos", "typos-gold", "The corrected text alone.",
     TYPO_GT, TYPO_GT, "correct", 1.0, None),
    ("typos", "typos-solution", "The corrected text in <solution> tags.",
     "<solution>" + TYPO_GT + "</solution>", TYPO_GT, "correct", 1.0, None),
    ("typos", "typos-lead-in", "A short lead-in before the text.",
     "Here is the corrected text:\n\n" + TYPO_GT, TYPO_GT, "correct", 1.0, None),
    ("typos", "typos-line-break", "The text wrapped over two lines.",
     TYPO_GT.replace("hypothesis, ", "hypothesis,\n"), TYPO_GT, "correct", 1.0, None),
    ("typos", "typos-one-left", "One typo left in.",
     TYPO_GT.replace("experiment", "experimnet"), TYPO_GT, "incorrect", 0.0, None),
    ("typos", "typos-unfixed", "The input unchanged.",
     TYPO_BAD, TYPO_GT, "incorrect", 0.0, None),
    ("typos", "typos-both-versions", "The uncorrected and corrected text together.",
     "Original: " + TYPO_BAD + "\nCorrected: " + TYPO_GT, TYPO_GT, "incorrect", 0.0,
     "the reference accepts any answer containing the corrected text"),
    ("typos", "typos-twice", "The corrected text twice.",
     TYPO_GT + "\n" + TYPO_GT, TYPO_GT, "incorrect", 0.0,
     "the reference accepts any answer containing the corrected text"),
    ("typos", "typos-dashes", "The `--- text ---` markers.",
     "--- " + TYPO_GT + " ---", TYPO_GT, "correct", 1.0, None),
    ("typos", "typos-case-changed", "Case changed: not the text.",
     TYPO_GT.lower(), TYPO_GT, "incorrect", 0.0, None),

    # ------------------------------------------------------------ connections
    ("connections", "conn-gold", "All sixteen words in one bold span, grouped in order.",
     "**" + CONN + "**", CONN, "correct", 1.0, None),
    ("connections", "conn-reordered-groups", "Groups and words within groups reordered.",
     "**" + join_list(G[12:16] + G[4:8][::-1] + G[0:4] + G[8:12]) + "**", CONN, "correct", 1.0, None),
    ("connections", "conn-solution", "Words in <solution> tags.",
     "<solution>" + CONN + "</solution>", CONN, "correct", 1.0,
     "Reasoning360 uses the 2024 grader, which reads bold spans only"),
    ("connections", "conn-two-groups", "Two groups right, two swapped.",
     "**" + join_list(G[0:8] + G[8:11] + [G[12]] + [G[11]] + G[13:16]) + "**", CONN, "partial", 0.5, None),
    ("connections", "conn-all-wrong", "Every group mixed.",
     "**" + join_list([G[i * 4 + j] for j in range(4) for i in range(4)]) + "**", CONN, "incorrect", 0.0, None),
    ("connections", "conn-extra-words", "More than sixteen words.",
     "**" + CONN + ", orange**", CONN, "incorrect", 0.0,
     "the reference groups the first sixteen and ignores the extra word"),
    ("connections", "conn-hedge-spans", "Two bold answers, the right one first.",
     "**" + CONN + "** or maybe **" + join_list(G[::-1][::2] + G[::-1][1::2]) + "**", CONN, "incorrect", 0.0,
     "the reference takes the best of all bold spans"),
    ("connections", "conn-solution-lines", "One group per line in <solution> tags.",
     "<solution>\n" + "\n".join(join_list(G[i:i + 4]) for i in range(0, 16, 4)) + "\n</solution>", CONN,
     "correct", 1.0, "the 2024 grader reads bold spans only"),
    ("connections", "conn-case", "Capitalised words.",
     "**" + CONN.title() + "**", CONN, "correct", 1.0, None),
    ("connections", "conn-no-bold", "No bold answer.",
     CONN, CONN, "no_answer", 0.0, None),
    ("connections", "conn-group-per-bold", "Each group bolded separately: the spans are read together.",
     "\n".join("**" + join_list(G[i:i + 4]) + "**" for i in range(0, 16, 4)), CONN, "correct", 1.0,
     "the reference scores each bold span alone, so four right groups in four spans score 1/4"),
    ("connections", "conn-duplicate-word", "A word used twice.",
     "**" + join_list(G[0:15] + [G[0]]) + "**", CONN, "incorrect", 0.0,
     "a word used twice is not a grouping of the puzzle's words (on a true grouping, three right groups make four)"),
]


def tprompt(src, dst):
    return (f"Please convert the Input Table from {src} format to {dst} format. "
            "Please respond only with the table. \n Input Table: ...")


CSV_GT = "name,age,city\nAnn,30,Paris\nBob,4.5,Rome\n"
TSV_GT = "name\tage\tcity\nAnn\t30\tParis\nBob\t4.5\tRome\n"
JSON_GT = '{"0":{"name":"Ann","age":30,"city":"Paris"},"1":{"name":"Bob","age":4.5,"city":"Rome"}}'
JSONL_GT = '{"name":"Ann","age":30,"city":"Paris"}\n{"name":"Bob","age":4.5,"city":"Rome"}\n'
HTML_GT = ('<table border="1" class="dataframe">\n  <thead>\n    <tr style="text-align: right;">\n'
           '      <th>name</th>\n      <th>age</th>\n      <th>city</th>\n    </tr>\n  </thead>\n  <tbody>\n'
           '    <tr>\n      <td>Ann</td>\n      <td>30.0</td>\n      <td>Paris</td>\n    </tr>\n'
           '    <tr>\n      <td>Bob</td>\n      <td>4.5</td>\n      <td>Rome</td>\n    </tr>\n  </tbody>\n</table>')
MD_GT = "| name | age | city |\n|:-----|----:|:-----|\n| Ann | 30.0 | Paris |\n| Bob | 4.5 | Rome |"

# tableformat: (name, why, prompt, response, ground truth, status, score,
# why we differ). Reasoning360 calls this grader with the ground truth in
# place of the prompt and no answer, so every such row raises there; the
# reference verdict below is LiveBench's own v1 call,
# table_process_results(prompt, ground_truth, response).
TABLE_CASES = [
    ("table-csv-gold", "The CSV table exactly.", tprompt("TSV", "CSV"),
     CSV_GT, CSV_GT, "correct", 1.0, None),
    ("table-csv-fenced-lead-in", "A lead-in and a fenced block.", tprompt("TSV", "CSV"),
     "Here is the table in CSV format:\n```csv\n" + CSV_GT + "```", CSV_GT, "correct", 1.0, None),
    ("table-csv-columns-reordered", "Columns in another order.", tprompt("TSV", "CSV"),
     "city,name,age\nParis,Ann,30\nRome,Bob,4.5\n", CSV_GT, "correct", 1.0, None),
    ("table-csv-number-form", "30.0 for 30: the same number.", tprompt("TSV", "CSV"),
     "name,age,city\nAnn,30.0,Paris\nBob,4.50,Rome\n", CSV_GT, "correct", 1.0, None),
    ("table-csv-lead-in-plain", "A lead-in line without a fence.", tprompt("TSV", "CSV"),
     "Here is the converted table:\n\n" + CSV_GT, CSV_GT, "correct", 1.0, None),
    ("table-csv-wrong-cell", "One cell wrong.", tprompt("TSV", "CSV"),
     "name,age,city\nAnn,31,Paris\nBob,4.5,Rome\n", CSV_GT, "incorrect", 0.0, None),
    ("table-csv-row-missing", "A row left out.", tprompt("TSV", "CSV"),
     "name,age,city\nAnn,30,Paris\n", CSV_GT, "incorrect", 0.0, None),
    ("table-csv-rows-reordered", "Rows in another order.", tprompt("TSV", "CSV"),
     "name,age,city\nBob,4.5,Rome\nAnn,30,Paris\n", CSV_GT, "incorrect", 0.0, None),
    ("table-csv-two-tables", "A wrong table, then the right one.", tprompt("TSV", "CSV"),
     "name,age,city\nAnn,31,Paris\nBob,4.5,Rome\n\nOr:\n\n" + CSV_GT, CSV_GT, "incorrect", 0.0, None),
    ("table-csv-no-table", "No table at all.", tprompt("TSV", "CSV"),
     "I cannot convert this.", CSV_GT, "no_answer", 0.0, None),
    ("table-tsv-gold", "A TSV target.", tprompt("CSV", "TSV"),
     TSV_GT, TSV_GT, "correct", 1.0, None),
    ("table-tsv-commas", "Commas instead of tabs.", tprompt("CSV", "TSV"),
     CSV_GT, TSV_GT, "incorrect", 0.0, None),
    ("table-json-gold", "A JSON target in pandas' index orientation.", tprompt("CSV", "JSON"),
     JSON_GT, JSON_GT, "correct", 1.0, None),
    ("table-json-records", "The same rows as a list of records.", tprompt("CSV", "JSON"),
     '```json\n[{"name": "Ann", "age": 30, "city": "Paris"}, {"name": "Bob", "age": 4.5, "city": "Rome"}]\n```',
     JSON_GT, "correct", 1.0, None),
    ("table-json-wrong-value", "A wrong value in JSON.", tprompt("CSV", "JSON"),
     JSON_GT.replace("Rome", "Roma"), JSON_GT, "incorrect", 0.0, None),
    ("table-jsonl-gold", "A JSONL target, keys reordered.", tprompt("CSV", "JSONL"),
     '{"age":30,"name":"Ann","city":"Paris"}\n{"city":"Rome","name":"Bob","age":4.5}', JSONL_GT,
     "correct", 1.0, None),
    ("table-jsonl-extra-row", "An extra row in JSONL.", tprompt("CSV", "JSONL"),
     JSONL_GT + '{"name":"Cy","age":1,"city":"Oslo"}\n', JSONL_GT, "incorrect", 0.0, None),
    ("table-html-gold", "An HTML target, reformatted.", tprompt("CSV", "HTML"),
     HTML_GT.replace("\n", "").replace("  ", ""), HTML_GT, "correct", 1.0, None),
    ("table-html-wrong", "A wrong cell in HTML.", tprompt("CSV", "HTML"),
     HTML_GT.replace("Paris", "Lyon"), HTML_GT, "incorrect", 0.0, None),
    ("table-markdown-gold", "A Markdown target.", tprompt("CSV", "Markdown"),
     MD_GT, MD_GT, "correct", 1.0, None),
    ("table-markdown-first-column-wrong", "The first column wrong in Markdown.", tprompt("CSV", "Markdown"),
     MD_GT.replace("| Ann |", "| Zed |"), MD_GT, "incorrect", 0.0,
     "LiveBench reads Markdown with index_col=1, so the first column is never compared"),
]


def load_reference(root):
    sys.path.insert(0, root)
    from verl.utils.reward_score import livebench  # noqa: E402
    return livebench


def toml_str(s):
    return json.dumps(s, ensure_ascii=False)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    ref = load_reference(sys.argv[1])
    import contextlib
    import io
    lines = [
        "# LiveBench (`ood__livebench`) cases, generated by",
        "# scripts/gen_livebench_fixtures.py against Reasoning360's copies of",
        "# LiveBench's graders (verl/utils/reward_score/livebench). Each comment",
        "# gives the reference's score; where rlvr differs, why rlvr is right.",
        "# Do not edit by hand: edit the script and regenerate.",
        "",
    ]
    names = set()
    agree = differ = 0
    unexplained = []
    for task, name, why, response, gt, status, score, reason in CASES:
        assert name not in names, name
        names.add(name)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                got = ref.compute_score(response, gt, {"task": task})["score"]
            ref_score = float(got)
            ref_text = f"{ref_score:.4g}"
        except Exception as e:  # the reference raises on some inputs
            ref_score = None
            ref_text = f"raises {type(e).__name__}"
        same = ref_score is not None and abs(ref_score - score) < 1e-6
        if same:
            agree += 1
        else:
            differ += 1
            if reason is None:
                unexplained.append((name, ref_text, score))
        lines.append(f"# {why}")
        lines.append(f"# Reference: {ref_text}." + ("" if same else f" rlvr: {score:.4g}, because {reason}."))
        lines.append("[[case]]")
        lines.append(f"name = {toml_str(name)}")
        lines.append('data_source = "ood__livebench"')
        lines.append(f"response = {toml_str(response)}")
        lines.append(f"ground_truth = {toml_str(gt)}")
        lines.append(f'extra_info = {{ task = "{task}", category = "livebench" }}')
        if status == "partial":
            lines.append(f'expect = {{ status = "partial", score = {score!r} }}')
        else:
            lines.append(f'expect = {{ status = "{status}" }}')
        lines.append("")
    from verl.utils.reward_score.livebench.data_analysis.tablereformat.utils import table_process_results
    for name, why, prompt, response, gt, status, score, reason in TABLE_CASES:
        assert name not in names, name
        names.add(name)
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                ref_score = float(table_process_results(prompt, gt, response))
            ref_text = f"{ref_score:.4g}"
        except Exception as e:
            ref_score = None
            ref_text = f"raises {type(e).__name__}"
        same = ref_score is not None and abs(ref_score - score) < 1e-6
        if same:
            agree += 1
        else:
            differ += 1
            if reason is None:
                unexplained.append((name, ref_text, score))
        lines.append(f"# {why}")
        lines.append(f"# Reference (LiveBench's v1 call; Reasoning360's raises): {ref_text}."
                     + ("" if same else f" rlvr: {score:.4g}, because {reason}."))
        lines.append("[[case]]")
        lines.append(f"name = {toml_str(name)}")
        lines.append('data_source = "ood__livebench"')
        lines.append(f"response = {toml_str(response)}")
        lines.append(f"ground_truth = {toml_str(gt)}")
        lines.append(f'extra_info = {{ task = "tableformat", category = "data_analysis", prompt = [{toml_str(prompt)}] }}')
        lines.append(f'expect = {{ status = "{status}" }}')
        lines.append("")
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"{len(CASES) + len(TABLE_CASES)} cases: {agree} agree with the reference, {differ} differ")
    for name, ref_text, score in unexplained:
        print(f"UNEXPLAINED {name}: reference {ref_text}, rlvr {score}")
    if unexplained:
        sys.exit(1)


if __name__ == "__main__":
    main()
