"""rlvr: reward verifiers for RL of language models (verl, TRL, OpenRLHF).

Every function grades with the GIL released, never raises for bad data (a
sample that cannot be graded comes back with a ``status``), starts no
subprocess and installs no signal handler. Options accepted by every entry
point as keyword arguments:

- ``num_threads``: Rust threads for a batch (default: every core);
- ``extraction``: ``"strict"`` (default) or ``"lenient"`` answer extraction;
- ``max_steps``: the deterministic step budget of one sample;
- ``timeout_s``: the wall-clock backstop of one sample, in seconds.

Unknown keyword arguments are ignored (verl forwards its own).
"""

from typing import Any, Iterable, Literal, Mapping, Optional, Sequence, TypedDict, Union

__version__: str

Status = Literal[
    "correct",
    "incorrect",
    "partial",
    "no_answer",
    "timeout",
    "gold_unparseable",
    "sandbox_error",
    "internal_error",
    "unknown_data_source",
]

class Record(TypedDict):
    """One graded sample; always these keys, never ``None`` values."""

    score: float
    """The reward in [0, 1] (0 when the sample could not be graded)."""
    acc: bool
    """Whether the answer was graded correct."""
    status: Status
    """What happened."""
    pred: str
    """The extracted answer ("" when none)."""
    detail: str
    """Why ("" when nothing to add)."""
    verifier: str
    """The verifier that ran ("" when none did)."""
    latency_us: int
    """Grading time in microseconds."""

def compute_score(
    data_source: str,
    solution_str: str,
    ground_truth: Any,
    extra_info: Optional[Any] = None,
    *,
    prompt: Optional[Union[str, Sequence[Mapping[str, Any]]]] = None,
    num_threads: Optional[int] = None,
    extraction: Optional[Literal["strict", "lenient"]] = None,
    max_steps: Optional[int] = None,
    timeout_s: Optional[float] = None,
    judge_url: Optional[str] = None,
    judge_model: Optional[str] = None,
    judge_key_env: Optional[str] = None,
    **kwargs: Any,
) -> Record:
    """Grade one response: verl's ``custom_reward_function`` signature.

    ``ground_truth`` may be a str (plain or JSON), dict, list or numpy
    value; ``extra_info`` a dict, a JSON string or a numpy 0-d object array.
    ``prompt`` (str or chat list), when given, reaches the verifier.
    """

def compute_score_batch(
    data_sources: Union[str, Sequence[str]],
    solution_strs: Sequence[str],
    ground_truths: Sequence[Any],
    extra_infos: Optional[Sequence[Any]] = None,
    *,
    prompts: Optional[Sequence[Any]] = None,
    num_threads: Optional[int] = None,
    extraction: Optional[Literal["strict", "lenient"]] = None,
    max_steps: Optional[int] = None,
    timeout_s: Optional[float] = None,
    judge_url: Optional[str] = None,
    judge_model: Optional[str] = None,
    judge_key_env: Optional[str] = None,
    **kwargs: Any,
) -> list[Record]:
    """Grade a batch in parallel on Rust threads with the GIL released:
    verl's batch reward manager signature. One record per response, in
    order. Sequences may be lists, tuples or numpy arrays; a single
    ``data_sources`` string applies to every item.

    Raises ``ValueError`` when the sequences differ in length.
    """

class _OpenRLHFResult(TypedDict):
    rewards: Any
    scores: Any
    extra_logs: dict[str, Any]

def reward_func(
    queries: Sequence[str],
    prompts: Optional[Sequence[str]] = None,
    labels: Optional[Sequence[Any]] = None,
    *,
    data_source: Optional[str] = None,
    tensors: bool = False,
    num_threads: Optional[int] = None,
    extraction: Optional[Literal["strict", "lenient"]] = None,
    max_steps: Optional[int] = None,
    timeout_s: Optional[float] = None,
    judge_url: Optional[str] = None,
    judge_model: Optional[str] = None,
    judge_key_env: Optional[str] = None,
    **kwargs: Any,
) -> _OpenRLHFResult:
    """OpenRLHF's file-mode reward function.

    ``queries[i]`` is prompt + response (the response is what follows the
    prompt in the query, or the whole query); ``labels[i]`` is a gold string graded under
    ``data_source``, or a ``{"data_source", "ground_truth", "extra_info"}``
    object (dict or JSON string). Returns ``rewards`` and ``scores`` (the
    scores in [0, 1]) and ``extra_logs`` (``acc``, ``no_answer``,
    ``timeout``, ``error``, ``latency_us``), as lists of floats, or torch
    tensors with ``tensors=True``.
    """

class TrlReward:
    """A TRL reward function ``(prompts, completions, **kwargs) ->
    list[float | None]``; ``rlvr.trl_reward`` is this class.

    - ``data_source``: used when the dataset has no ``data_source`` column.
    - ``columns``: ``{field: column}`` for the fields ``data_source``,
      ``ground_truth``, ``extra_info``. Defaults: ``data_source``;
      ``ground_truth``, then ``reward_model`` (its ``ground_truth``), then
      ``solution``, then ``answer``; ``extra_info``.
    - ``abstain``: statuses scored ``None`` (default ``gold_unparseable``,
      ``sandbox_error``), which TRL leaves out of the reward.
    - ``name``: the ``__name__`` TRL logs (default ``"rlvr_reward"``).

    Picklable (by reference to ``rlvr.TrlReward``) and thread-safe.
    """

    __name__: str
    def __init__(
        self,
        data_source: Optional[str] = None,
        columns: Optional[Mapping[str, str]] = None,
        abstain: Optional[Iterable[Status]] = None,
        num_threads: Optional[int] = None,
        extraction: Optional[Literal["strict", "lenient"]] = None,
        max_steps: Optional[int] = None,
        timeout_s: Optional[float] = None,
        name: Optional[str] = None,
    ) -> None: ...
    def __call__(
        self,
        prompts: Optional[Sequence[Any]] = None,
        completions: Optional[Sequence[Any]] = None,
        **kwargs: Any,
    ) -> list[Optional[float]]:
        """Score TRL completions (strings or conversations); dataset columns
        arrive as keyword arguments. ``None`` means abstain."""

trl_reward = TrlReward
"""Build a TRL reward function: the :class:`TrlReward` class itself."""

def statuses() -> list[Status]:
    """Every record status, in display order."""

def verifiers() -> list[str]:
    """The verifiers compiled into this wheel."""

def route_of(data_source: str) -> Optional[str]:
    """The verifier that grades ``data_source``, or ``None``."""
