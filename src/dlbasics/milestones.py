"""The note's historical review as data: one record per milestone paper.

Each record says what the lecture note wrote, what the paper really is, its headline
result, and the paper read through the note's four components (Data, Model, Loss,
Algorithm). The book renders its tables and timeline from here, so a fact lives once.

One rule for years, everywhere: a paper's ``year`` is the year it first appeared (its arXiv
version; the venue's year where it has no arXiv version), and its ``venue`` says where it was
published. By that rule the note is right about most years; its errata are exactly three
(DQN is not AlphaGo, GAN is 2014, GPT-3 is 2020).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class Milestone:
    """One milestone of the historical review.

    Args:
        name: short name used in the book, e.g. ``"AlexNet"``.
        note_year: the year the lecture note puts it under (``None`` if the note is blank).
        year: the year the paper first appeared: its arXiv year, or the venue's year if it
            has no arXiv version (AlexNet, AlphaGo).
        title: the paper's title.
        authors: first authors, ``"et al."`` for long lists.
        venue: where it was published, with that venue's year (e.g. ``"ICLR 2015"``).
        arxiv: the arXiv identifier, ``None`` if the paper has none.
        bibkey: its key in ``docs/references.bib``.
        headline: the paper's headline result, in a sentence.
        data: what it learns from.
        model: what transforms the data.
        loss: what measures how bad the model is.
        algorithm: what adjusts the parameters.
        note_says: the note's own words for it (verbatim), ``""`` if none.
        erratum: where the note is wrong, said kindly; ``""`` if it is right.
        page: the book's page about it (a Sphinx docname, e.g. ``"history/resnet"``).
        new: which of the four components (``"data"``, ``"model"``, ``"loss"``,
            ``"algorithm"``) the paper changed most.
        change: what it changed compared with what came before, in a line.
    """

    name: str
    note_year: int | None
    year: int
    title: str
    authors: str
    venue: str
    arxiv: str | None
    bibkey: str
    headline: str
    data: str
    model: str
    loss: str
    algorithm: str
    note_says: str = ""
    erratum: str = ""
    page: str = ""
    new: tuple[str, ...] = ()
    change: str = ""


#: Every milestone in the note's order, with AlphaGo filling the year 2016 that the note left blank.
#: By first-appearance year the note's order is also the order in time.
MILESTONES: tuple[Milestone, ...] = (
    Milestone(
        name="AlexNet",
        note_year=2012,
        year=2012,
        title="ImageNet Classification with Deep Convolutional Neural Networks",
        authors="Krizhevsky, Sutskever, Hinton",
        venue="NIPS 2012",
        arxiv=None,
        bibkey="krizhevsky2012imagenet",
        headline="ILSVRC-2012 top-5 error 15.3% (2위 26.2%), 60M parameters",
        data="ImageNet ILSVRC-2012: 120만 장, 1000 class",
        model="CNN (5 conv + 3 FC), ReLU, dropout, 2 GPU",
        loss="Cross-entropy (softmax)",
        algorithm="SGD + momentum 0.9, weight decay 5e-4",
        note_says="이미지 불류대회에서 처음으로 DL이 우승한 시점",
        page="history/alexnet",
        new=("model", "algorithm"),
        change="GPU 두 장으로 큰 CNN을 학습: ReLU, dropout으로 깊은 model이 처음 이김",
    ),
    Milestone(
        name="DQN",
        note_year=2013,
        year=2013,
        title="Playing Atari with Deep Reinforcement Learning",
        authors="Mnih et al.",
        venue="NIPS 2013 Deep Learning Workshop",
        arxiv="1312.5602",
        bibkey="mnih2013playing",
        headline="Atari 7개 게임 중 6개에서 기존 방법을, 3개에서 사람 전문가를 넘음",
        data="agent가 스스로 모은 경험 (화면 frame, replay memory)",
        model="CNN Q-network: frame → action마다 Q 값",
        loss="TD error의 제곱: (r + γ max Q(s′,a′) − Q(s,a))²",
        algorithm="RMSProp, ε-greedy, experience replay (target network는 2015)",
        note_says="알파고",
        erratum="DQN은 알파고가 아니라 DeepMind의 Atari agent다 (arXiv 1312.5602, NIPS 2013 "
        "Deep Learning Workshop). 알파고(AlphaGo)는 같은 회사가 2016년에 발표한 바둑 "
        "프로그램이다.",
        page="history/dqn",
        new=("data", "loss"),
        change="정답 label 대신 agent가 모은 경험과 TD target으로 학습",
    ),
    Milestone(
        name="Encoder/Decoder",
        note_year=2014,
        year=2014,
        title="Sequence to Sequence Learning with Neural Networks",
        authors="Sutskever, Vinyals, Le",
        venue="NIPS 2014",
        arxiv="1409.3215",
        bibkey="sutskever2014sequence",
        headline="WMT'14 En→Fr BLEU 34.8 (phrase-based 33.3); 입력 문장을 뒤집으면 좋아짐",
        data="WMT'14 영어–프랑스어 병렬 corpus (문장 쌍 1200만)",
        model="LSTM encoder → 고정 길이 vector → LSTM decoder",
        loss="다음 token의 cross-entropy",
        algorithm="SGD, gradient clipping, beam search로 decoding",
        page="history/seq2seq",
        new=("model",),
        change="길이가 다른 sequence를 고정 vector로 압축했다가 풀어냄",
    ),
    Milestone(
        name="Adam",
        note_year=2014,
        year=2014,
        title="Adam: A Method for Stochastic Optimization",
        authors="Kingma, Ba",
        venue="ICLR 2015",
        arxiv="1412.6980",
        bibkey="kingma2015adam",
        headline="기본값 α=1e-3, β₁=0.9, β₂=0.999, ε=1e-8; bias-corrected moment 추정",
        data="MNIST, IMDB, CIFAR-10 실험",
        model="logistic regression, MLP, CNN",
        loss="미분 가능한 어떤 loss든 (실험에서는 cross-entropy)",
        algorithm="Adam 자체: gradient의 1차·2차 moment로 parameter마다 step 크기 조절",
        note_says="결과가 잘나옴, 왠만하면 잘나온다",
        page="history/adam",
        new=("algorithm",),
        change="parameter마다 gradient 크기에 맞춘 step: learning rate 고르기가 쉬워짐",
    ),
    Milestone(
        name="GAN",
        note_year=2015,
        year=2014,
        title="Generative Adversarial Nets",
        authors="Goodfellow et al.",
        venue="NIPS 2014",
        arxiv="1406.2661",
        bibkey="goodfellow2014generative",
        headline="최적점에서 p_g = p_data, D* = 1/2",
        data="label 없는 이미지 (MNIST, TFD, CIFAR-10)",
        model="generator G와 discriminator D (MLP)",
        loss="minimax 가치 함수 E[log D(x)] + E[log(1 − D(G(z)))]",
        algorithm="D와 G를 번갈아 SGD (momentum)",
        note_says="술집 이름이 논문 마지막에 들어가 있음(술마시다가 방법이 떠오름)",
        erratum="GAN은 2014년 논문이다 (arXiv 1406.2661, NIPS 2014). 노트와 slide는 2015년에 "
        "적었다.",
        page="history/gan",
        new=("loss", "model"),
        change="loss를 직접 정하지 않고 두 번째 network(discriminator)가 배움",
    ),
    Milestone(
        name="ResNet",
        note_year=2015,
        year=2015,
        title="Deep Residual Learning for Image Recognition",
        authors="He, Zhang, Ren, Sun",
        venue="CVPR 2016",
        arxiv="1512.03385",
        bibkey="he2016deep",
        headline="ILSVRC-2015 classification 1위: 깊이가 다른 network 여섯 개의 ensemble이 "
        "test top-5 error 3.57%; 152층 network 하나는 validation top-5 error 4.49%",
        data="ImageNet ILSVRC (128만 장, 1000 class), CIFAR-10",
        model="identity shortcut이 있는 residual block + batch normalization",
        loss="Cross-entropy (softmax)",
        algorithm="SGD + momentum 0.9, lr 0.1에서 10배씩 감소, weight decay 1e-4",
        note_says="Deep Learning을 가능하게 만든것(layer를 깊게 쌓음), 이전까지는 20단정도 "
        "쌓으면 더 이상 못쌓는다 생각했는데, 100단까지 쌓을 수 있는 패러다임을 제공함",
        page="history/resnet",
        new=("model",),
        change="identity shortcut으로 100층 넘게 쌓아도 학습됨",
    ),
    Milestone(
        name="AlphaGo",
        note_year=None,
        year=2016,
        title="Mastering the game of Go with deep neural networks and tree search",
        authors="Silver et al.",
        venue="Nature 2016",
        arxiv=None,
        bibkey="silver2016mastering",
        headline="논문: 유럽 챔피언 Fan Hui에게 5–0 (2015년 10월 대국). 논문이 나온 뒤 "
        "2016년 3월에 이세돌에게 4–1",
        data="KGS 기보 3000만 수 + self-play 대국",
        model="policy network와 value network (CNN)",
        loss="policy: cross-entropy 후 policy gradient, value: MSE",
        algorithm="SGD, 강화학습 self-play, 대국 중에는 Monte Carlo tree search",
        page="history/alphago",
        new=("data", "algorithm"),
        change="policy/value network와 tree search, self-play로 만든 data",
    ),
    Milestone(
        name="Transformer",
        note_year=2017,
        year=2017,
        title="Attention Is All You Need",
        authors="Vaswani et al.",
        venue="NIPS 2017",
        arxiv="1706.03762",
        bibkey="vaswani2017attention",
        headline="WMT'14 En→De BLEU 28.4; recurrence 없이 attention만 사용",
        data="WMT'14 영어–독일어 (문장 쌍 450만), 영어–프랑스어",
        model="multi-head self-attention + FFN의 encoder–decoder, positional encoding",
        loss="Cross-entropy (label smoothing 0.1)",
        algorithm="Adam (β₂=0.98) + warmup learning-rate schedule, dropout",
        note_says="많은 부분이 이걸로 대체되고 있음(RNN등을 대체함)",
        page="history/transformer",
        new=("model",),
        change="recurrence 없이 attention만으로 sequence를 처리",
    ),
    Milestone(
        name="BERT",
        note_year=2018,
        year=2018,
        title="BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding",
        authors="Devlin, Chang, Lee, Toutanova",
        venue="NAACL 2019",
        arxiv="1810.04805",
        bibkey="devlin2019bert",
        headline="GLUE score 80.5, 이전 최고보다 7.7 point 높음 (NAACL 2019 판; arXiv v1은 "
        "80.4, 7.6 point)",
        data="label 없는 BooksCorpus + English Wikipedia (약 33억 단어)",
        model="양방향 Transformer encoder (BERT-Large 340M)",
        loss="masked LM cross-entropy + next sentence prediction",
        algorithm="Adam으로 pre-training한 뒤 과제별 fine-tuning",
        note_says="여러 말뭉치로 pretraining 시킴",
        page="history/bert",
        new=("data", "loss"),
        change="label 없는 말뭉치로 masked LM pre-training 후 fine-tuning",
    ),
    Milestone(
        name="GPT-3",
        note_year=2018,
        year=2020,
        title="Language Models are Few-Shot Learners",
        authors="Brown et al.",
        venue="NeurIPS 2020",
        arxiv="2005.14165",
        bibkey="brown2020language",
        headline="175B parameters (1750억 개); 예시 몇 개만 보고 푸는 few-shot in-context learning",
        data="약 3000억 token (걸러낸 Common Crawl, WebText2, 책, Wikipedia)",
        model="decoder-only Transformer, 96 layers",
        loss="다음 token의 cross-entropy (autoregressive LM)",
        algorithm="Adam (β₂=0.95), cosine decay; few-shot 때는 gradient update 없음",
        note_says="OpenAI, 굉장히 많은 1750억개 parameters를 사용함",
        erratum="1750억 parameter의 GPT-3는 2020년 논문이다 (arXiv 2005.14165, NeurIPS 2020). "
        "2018년은 GPT-1과 BERT, 2019년은 GPT-2 (15억 parameter)다.",
        page="history/gpt",
        new=("data", "model"),
        change="같은 next-token loss로 data와 model을 키우기만: few-shot",
    ),
    Milestone(
        name="SimCLR",
        note_year=2020,
        year=2020,
        title="A Simple Framework for Contrastive Learning of Visual Representations",
        authors="Chen, Kornblith, Norouzi, Hinton",
        venue="ICML 2020",
        arxiv="2002.05709",
        bibkey="chen2020simple",
        headline="ImageNet linear evaluation top-1 76.5%: 폭이 네 배인 ResNet-50 (4×)로 "
        "supervised ResNet-50과 같은 수준. 표준 ResNet-50으로는 69.3%",
        data="label 없는 ImageNet 이미지, 한 장마다 augmentation한 두 view",
        model="ResNet-50 encoder (폭 1×, 2×, 4×) + MLP projection head",
        loss="NT-Xent (contrastive, temperature-scaled cross-entropy)",
        algorithm="LARS, batch 4096, 이후 linear evaluation",
        note_says="simCLR (심시엘알, label이 없는 unsupervied data를 이용함), 비지도학습,",
        page="history/simclr",
        new=("data", "loss"),
        change="augmentation한 두 view를 맞히는 contrastive loss: label 없이 표현 학습",
    ),
)


def get(name: str) -> Milestone:
    """Return the milestone called ``name`` (case-insensitive).

    Args:
        name: e.g. ``"resnet"``.

    Raises:
        TypeError: if ``name`` is not a string.
        KeyError: if no milestone has that name; the message lists the names.

    Example:
        >>> get("resnet").arxiv
        '1512.03385'
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str, got {type(name).__name__}")
    for m in MILESTONES:
        if m.name.lower() == name.lower():
            return m
    raise KeyError(f"no milestone named {name!r}; known: {[m.name for m in MILESTONES]}")


def components_table(milestones: tuple[Milestone, ...] = MILESTONES) -> str:
    """Render milestones as a MyST Markdown table of their four components.

    Each row cites the paper with ``{cite:p}`` so the book links it to the bibliography.

    Args:
        milestones: the records to render, in order.

    Returns:
        The table as Markdown text.

    Example:
        >>> print(components_table((get("adam"),)).splitlines()[2].split(" | ")[:2])
        ['| 2014', 'Adam {cite:p}`kingma2015adam`']
    """
    if not milestones:
        raise ValueError("milestones must not be empty")
    rows = [
        "| 연도 | 논문 | Data | Model | Loss | Algorithm |",
        "|---|---|---|---|---|---|",
    ]
    for m in milestones:
        cells = [m.data, m.model, m.loss, m.algorithm]
        cells = [c.replace("|", "\\|") for c in cells]
        rows.append(f"| {m.year} | {m.name} {{cite:p}}`{m.bibkey}` | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def paper_table(m: Milestone, first_year: bool = False) -> str:
    """Render one paper as a MyST Markdown table: who, where, arXiv id and its headline result.

    Args:
        m: the milestone whose paper it is.
        first_year: add a column with the year the paper first appeared (where the note's year
            differs from the venue's).

    Returns:
        The table as Markdown text; the paper is cited with ``{cite:p}``.

    Example:
        >>> print(paper_table(get("adam")).splitlines()[2].split(" | ")[1:3])
        ['ICLR 2015', '1412.6980']
    """
    year = ("처음 나온 해 | ", f"{m.year} | ") if first_year else ("", "")
    return (
        f"| 논문 | {year[0]}학회 | arXiv | 핵심 결과 |\n"
        f"|---|{'---|' * (4 if first_year else 3)}\n"
        f"| {m.authors}, *{m.title}* {{cite:p}}`{m.bibkey}` | {year[1]}{m.venue} | {m.arxiv} | "
        f"{m.headline} |"
    )
