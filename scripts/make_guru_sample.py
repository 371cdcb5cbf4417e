#!/usr/bin/env python3
"""Writes fixtures/guru_sample.jsonl: a small, hand-written sample of rows in
the Guru / verl format, covering every domain's data_source names (including
the naming drift the dispatcher must handle). Each row carries an `id` and a
`why` field saying what it exercises. Run from the repository root."""
import json

rows = []


def row(data_source, response, ground_truth, why, extra_info=None, prompt=None, flat=False):
    r = {"id": len(rows), "why": why, "data_source": data_source}
    if prompt is not None:
        r["prompt"] = [{"role": "user", "content": prompt}]
    r["response"] = response
    if flat:
        r["ground_truth"] = ground_truth
    else:
        r["reward_model"] = {"style": "rule", "ground_truth": ground_truth}
    r["extra_info"] = extra_info if extra_info is not None else {"split": "train", "index": len(rows)}
    rows.append(r)


Q = "Find the remainder when 2^100 is divided by 7. Please output the final answer within \\boxed{}."
# Math
row("math__merged_deduped_dapo_or1_dataset", "<think>2^3=8=1 mod 7, 2^99=1, so 2^100=2</think>The remainder is \\boxed{2}.", "2", "math: boxed answer after think", prompt=Q)
row("math__merged_deduped_dapo_or1_dataset", "The remainder is \\boxed{4}.", "2", "math: wrong answer")
row("math__merged_deduped_dapo_or1_dataset", "2", "2", "math: bare answer with no box (the reference rewards it; we do not by default)")
row("math__merged_deduped_dapo_or1_dataset", "2", "2", "math: the same bare answer, lenient extraction asked for by the row", extra_info={"extraction": "lenient"})
row("math__math", "So $x = \\boxed{\\dfrac{1}{2}}$", "\\frac12", "math: \\dfrac vs \\frac shorthand")
row("math__aime_repeated_8x", "\\boxed{100001}", "100000", "math: nearby integer (the reference's 1e-4 tolerance accepts it)")
row("math__amc_repeated_4x", "\\boxed{0.5}", "50", "math: percentage leniency false positive in the reference")
row("math__olympiad_bench", "<think>unfinished reasoning... \\boxed{3}", "3", "math: unclosed think means the response was cut off")
row("math__minerva", "first \\boxed{3} then \\boxed{4", "3", "math: unclosed final box is no answer, never the earlier one")
row("openai/gsm8k", "Each box holds 6, so 4*6 = 24.\n#### 24", "Natalia sold 48/2 = 24 clips in May.\n#### 24", "gsm8k: #### answer format")
row("aime2024", "\\boxed{204}", "204", "aime*: reached by the math verifier")
# Code
row("codegen__primeintellect", "```python\na, b = map(int, input().split())\nprint(a + b)\n```",
    json.dumps({"inputs": ["1 2\n", "3 4\n"], "outputs": ["3\n", "7\n"]}), "code: stdin/stdout tests",
    extra_info={"split": "train", "index": 0, "dataset": "PrimeIntellect", "function_name": ""})
row("codegen__leetcode2k", "```python\nclass Solution:\n    def twoSum(self, nums, target):\n        import sys\n        sys.exit(0)\n```",
    json.dumps({"functional": "def check(candidate):\n    assert candidate([2,7,11,15], 9) == [0,1]\n\ncheck(Solution().twoSum)"}),
    "code: the sys.exit(0) reward hack must not pass", extra_info={"split": "train", "index": 3, "prefix": "from typing import List\n"})
row("taco", "```python\nprint(int(input()) * 2)\n```", json.dumps({"inputs": ["21\n"], "outputs": ["42\n"]}), "upstream verl name taco")
# Simulation
row("simulation__codeio", "```json\n{\"output\": {\"result\": 42}}\n```", "\"output\": {\"result\": 42}", "codeio: output prediction")
CODEIO_PROMPT = ("You are given a question that requires some input and output variables as follows:\n\n"
                 "Count the whole thousands in a number.\n\nGiven the following output:\n\n{\"count\": 2}\n\n"
                 "Can you predict a feasible input without writing any code? Put it in a json block.\n\n"
                 "Tip: Here is a reference code snippet for this question. You can refer to this code to guide your reasoning.\n\n"
                 "```python\ndef main_solution(upper_limit):\n    return {\"count\": upper_limit // 1000}\n```")
row("simulation__codeio", "<think>```json\n{\"input\": {\"n\": 1}}\n```</think>```json\n{\"input\": {\"upper_limit\": 2500}}\n```", "\"input\": {\"upper_limit\": 2719}", "codeio: input prediction, last block after think; another valid input, accepted by running the prompt's program (with the code sandbox; without it the row falls back to the gold input and says so)", prompt=CODEIO_PROMPT)
row("simulation__cruxeval-o", "```python\npass\n```", json.dumps({"functional": "def f(x):\n    return x + 1"}), "cruxeval: `pass` must earn nothing", extra_info={"split": "train", "index": 16, "input": "1"})
row("simulation__cruxeval-i", "```python\nassert f(1) == 2\n```", json.dumps({"functional": "def f(x):\n    return x + 1"}), "cruxeval: a real assertion, executed in the code sandbox (without it: sandbox_error, never a guess)", extra_info={"split": "train", "index": 17, "output": "2"})
# Logic
row("simulation__arcagi1", "<answer>[[1, 0], [0, 1]]</answer>", [[1, 0], [0, 1]], "arc: simulation__ prefix")
row("logic__arcagi2", "<answer>\n1 0\n0 1\n</answer>", [[1, 0], [0, 1]], "arc: logic__ prefix drift, whitespace rows")
row("logic__barc", "<answer>[[2, 2], [2, 2]]</answer>", [[2, 2], [2, 0]], "barc: one cell wrong")
row("logic__zebra_puzzle_dataset", "<answer>\n{\"header\": [\"Position\", \"Nationality\", \"Job\"],\n \"rows\": [[\"1\", \"british\", \"plumber\"], [\"2\", \"polish\", \"carpenter\"]]}\n</answer>",
    {"header": ["Position", "Nationality", "Job"], "rows": [["1", "british", "plumber"], ["2", "polish", "carpenter"]]},
    "zebra: multi-line answer (the reference scores 0)", extra_info={"id": "42", "grid_size": "2x2", "split": "train"})
row("zebra_puzzle_dataset", "<answer>{\"header\": [\"Position\", \"Nationality\", \"Job\"], \"rows\": [[\"1\", \"polish\", \"plumber\"], [\"2\", \"british\", \"carpenter\"]]}</answer>",
    {"header": ["Position", "Nationality", "Job"], "rows": [["1", "british", "plumber"], ["2", "polish", "carpenter"]]},
    "zebra: no logic__ prefix, two cells wrong")
row("logic__ordering_puzzle_dataset", "<answer> ['Emma', 'Liam', 'Wei'] </answer>", ["Emma", "Liam", "Wei"], "ordering: people names (unsolvable in the reference)")
row("ordering_puzzle_dataset", "<answer>__import__('pathlib').Path('/tmp/x').touch()</answer>", ["sparrow", "pigeon", "quail"], "ordering: code in the answer must never run")
G = ("Given the following list of predicates: If Ann is ivmo, then Bob is tapeb. Bob is tapeb implies Cy is ohaqu. "
     "Dee is ulki is true if Ann is ivmo. Given Dee is ulki then Cy is ohaqu. Given Ann is ivmo then Eve is zerf. "
     "If Eve is zerf, then Fay is quba. Cy is ohaqu is true if Fay is quba.\n\nIf Ann is ivmo, what is the next step "
     "to prove that Cy is ohaqu? Respond with only the trait of the next step. Please put your answer within "
     "<answer> and </answer> tags, for example <answer> fdebme </answer>.")
row("logic__graph_logical_dataset", "<answer> ulki </answer>", "tapeb", "graph: the other shortest proof's next step, checked against the prompt's implications (the reference compares with the gold and scores 0)", prompt=G)
row("graph_logical_dataset", "<answer>tapeb</answer>", "tapeb", "graph: no logic__ prefix; no prompt, so compared with the gold")
row("reasoning_gym", "<answer>4</answer>", None, "reasoning_gym: arithmetic task, truth in the entry",
    extra_info={"task": "basic_arithmetic", "entry": {"question": "What is 2 + 2?", "answer": "4", "metadata": {"expression": "2 + 2"}}})
# Table
T = "| region | 2019 | 2020 |\n|---|---|---|\n| north america | 12.5 | 13.0 |\n| europe | 10.1 | 9.8 |"
row("table__hitab", "The values are \\boxed{12.5|13.0}", "12.5|13.0", "hitab: multi-answer", prompt=T + "\nWhat are the North America values? Please output the final answer within \\boxed{}.")
row("table__multihier", "\\boxed{\\text{North America}}", "north america", "multihier: \\text{} must unwrap (the reference scores 0)")
row("table__finqa", "\\boxed{1235}", 1234.0, "finqa: float gold, nearby integer must fail")
row("table__hitab", "\\boxed{__import__('os').system('touch /tmp/pwned')}", "12.5", "table: code in the answer must never run")
# Science
row("stem__gpqa_diamond_no_box", "Reasoning...\nAnswer: C", "C", "gpqa no_box: Answer: line")
row("stem__supergpqa", "\\boxed{Both C}", "C", "supergpqa: the reference picks B here; a letter inside prose is not an answer form, so it is incorrect")
row("stem_web", "The speed is \\boxed{19.8 m/s}", "19.8 m/s", "stem_web: quantity with unit",
    extra_info={"idx": "wi_123", "question": "A ball is dropped from 20 m; speed at impact?", "category": "Physics", "answer_type": "Float"})
row("stem__web", "\\boxed{2.5 m/s}", "2.5 m/s", "stem__web: the file-name spelling")
# Instruction following (IFEval; feature `instruct`, routed but unavailable without it)
row("ood__ifeval", "<think>Well, let me see.</think>hello world", [{"num_words": None}],
    "ifeval: the comma inside think does not count; null kwargs are dropped",
    extra_info={"instruction_id_list": ["punctuation:no_comma"], "prompt": "Say hello without commas."})
IF_PROMPT = "Write a title in double angular brackets, then answer in fewer than 20 words, and end with a P.S."
row("ood__ifeval", "Sure! Here it is:\n<<The Sea>>\nThe sea is calm today.\nP.S. Bring a coat.",
    [None, {"num_words": 20, "relation": "less than"}, {"postscript_marker": "P.S.", "keywords": None}],
    "ifeval: three instructions, all followed (strict)", prompt=IF_PROMPT,
    extra_info={"instruction_id_list": ["detectable_format:title", "length_constraints:number_words",
                                        "detectable_content:postscript"], "prompt": IF_PROMPT})
# LiveBench (feature `livebench`): dispatched on extra_info.task
row("ood__livebench", "<think>Liar chains.</think>So the answers are **no, yes, yes**.", "no, yes, yes",
    "livebench: web_of_lies_v2, bold answers after think",
    extra_info={"category": "reasoning", "task": "web_of_lies_v2", "prompt": ["Does Ryan tell the truth? ..."],
                "date": "2024-06-24"})
# Instruction following (IFBench; feature `instruct`): Reasoning360 stores the
# constraint ids and kwargs as one Python-literal string.
row("ood__ifbench", "<think>Numbers: one, two.</think>I counted 3 apples, 5 pears and 7 plums.",
    "[{'instruction_id': ['count:numbers', 'count:word_count_range'], "
    "'kwargs': [{'N': 3.0}, {'min_words': 5, 'max_words': 12}]}]",
    "ifbench: exactly three numbers and 5 to 12 words; the think block does not count",
    extra_info={"split": "test", "index": 0})
# Unknown
row("mth__aime", "\\boxed{1}", "1", "a typo in data_source: unknown, with suggestions")
row("math__math", "\\boxed{2}", "2", "flat ground_truth field and solution_str", flat=True)
rows[-1]["solution_str"] = rows[-1].pop("response")

with open("fixtures/guru_sample.jsonl", "w") as f:
    for r in rows:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
print(f"wrote {len(rows)} rows")
