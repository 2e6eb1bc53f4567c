"""Every figure function of dlbasics.plot, drawn from small experiments (seconds in all).

tests/test_figures.py checks each one's width, text sizes, legends and colours, in every
language; tests/test_plot_words.py that the English ones hold no Hangul.
"""

from __future__ import annotations

from collections.abc import Callable

import torch
from matplotlib.figure import Figure


def _adam() -> dict[str, Callable[[], Figure]]:
    from dlbasics.experiments.adam import (
        BiasCorrectionConfig,
        FeatureScalingConfig,
        run_bias_correction,
        run_feature_scaling,
    )
    from dlbasics.plot.adam import bias_correction_figure, feature_scaling_figure

    scaling = FeatureScalingConfig(steps=4, every=2, lrs=(0.1,))
    return {
        "feature_scaling": lambda: feature_scaling_figure(run_feature_scaling(scaling)),
        "bias_correction": lambda: bias_correction_figure(
            run_bias_correction(BiasCorrectionConfig(steps=200))
        ),
    }


def _history() -> dict[str, Callable[[], Figure]]:
    from dlbasics.experiments.alexnet import CanvasConfig, run_canvas
    from dlbasics.experiments.bert import BertPretrainingConfig, run_bert_pretraining
    from dlbasics.experiments.dqn import CatchConfig, rollout, run_catch
    from dlbasics.experiments.gan import GANConfig, run_gan
    from dlbasics.experiments.gpt import ScalingConfig, run_scaling
    from dlbasics.experiments.resnet import DegradationConfig, run_degradation
    from dlbasics.experiments.seq2seq import SourceReversalConfig, run_source_reversal
    from dlbasics.experiments.simclr import SimCLRConfig, SimCLRResult
    from dlbasics.experiments.transformer import SequenceReversalConfig, run_sequence_reversal
    from dlbasics.plot.alexnet import canvas_figure
    from dlbasics.plot.attention import sequence_reversal_figure
    from dlbasics.plot.bert import bert_figure
    from dlbasics.plot.dqn import catch_frames, learning_curves, q_values_figure
    from dlbasics.plot.gan import gan_training_figure
    from dlbasics.plot.gpt import scaling_figure
    from dlbasics.plot.resnet import degradation_figure
    from dlbasics.plot.seq2seq import source_reversal_figure
    from dlbasics.plot.simclr import probe_figure, views_figure
    from dlbasics.plot.timeline import novelty_figure, timeline_figure
    from dlbasics.rl.dqn import QNetwork

    bert = BertPretrainingConfig(
        n_unlabeled=64, n_test=32, d_model=8, pretrain_steps=2, finetune_steps=2, eval_every=1
    )
    gpt = ScalingConfig(widths=(8, 16, 32, 64), block_size=4, steps=2, prompt="a", text="abcd" * 50)
    simclr = SimCLRResult(
        config=SimCLRConfig(labels_per_class=(1, 2, 5, 10, 20)),
        loss=(5.0, 4.0, 3.0),
        probe_accuracy={
            "pixels": (0.5, 0.6, 0.7, 0.8, 0.85),
            "random encoder": (0.3, 0.4, 0.5, 0.6, 0.7),
            "SimCLR": (0.6, 0.7, 0.8, 0.85, 0.9),
        },
    )
    images = torch.rand(8, 1, 8, 8)
    game = rollout(QNetwork((10, 5), 3), height=10, width=5)
    return {
        "canvas": lambda: canvas_figure(run_canvas(CanvasConfig(steps=2, widths=(4,), hidden=4))),
        "sequence_reversal": lambda: sequence_reversal_figure(
            run_sequence_reversal(SequenceReversalConfig(steps=2, n_test=4, every=1))
        ),
        "bert": lambda: bert_figure(run_bert_pretraining(bert)),
        "catch_frames": lambda: catch_frames(rollout(None, height=10, width=5)),
        "learning_curves": lambda: learning_curves(
            run_catch(CatchConfig(episodes=10, variants=("dqn",), random_episodes=10))
        ),
        "q_values": lambda: q_values_figure(game),
        "gan_training": lambda: gan_training_figure(
            run_gan(GANConfig(steps=10, every=5, n_eval=64, snapshots=(0, 5, 10)))
        ),
        "gpt_scaling": lambda: scaling_figure(run_scaling(gpt)),
        "degradation": lambda: degradation_figure(
            run_degradation(DegradationConfig(deep=3, shallow=2, width=4, steps=2, every=1))
        ),
        "source_reversal": lambda: source_reversal_figure(
            run_source_reversal(SourceReversalConfig(length=4, steps=2, n_test=4))
        ),
        "simclr_views": lambda: views_figure(images, images, images),
        "simclr_probe": lambda: probe_figure(simclr),
        "timeline": timeline_figure,
        "novelty": novelty_figure,
    }


def _components() -> dict[str, Callable[[], Figure]]:
    from dlbasics.experiments.gan import GANConfig, run_gan
    from dlbasics.experiments.generalization import (
        BaselineConfig,
        GeneralizationConfig,
        run_generalization,
    )
    from dlbasics.experiments.losses import (
        CEvsMSEConfig,
        ProxyGapConfig,
        RobustRegressionConfig,
        run_ce_vs_mse,
        run_proxy_gap,
        run_robust_regression,
        saturation,
    )
    from dlbasics.experiments.model_zoo import (
        AutoEncoderConfig,
        CNNComparisonConfig,
        LSTMForecastConfig,
        run_autoencoder,
        run_cnn_comparison,
        run_lstm_forecast,
    )
    from dlbasics.experiments.optimization import GradientMethodsConfig, run_gradient_methods
    from dlbasics.experiments.regularizers import (
        BatchNormConfig,
        BatchNormResult,
        EnsembleConfig,
        EnsembleResult,
        EnsembleRun,
        KFoldConfig,
        KFoldResult,
    )
    from dlbasics.experiments.tuning import LRSearchConfig, run_lr_search
    from dlbasics.plot import generalization as g
    from dlbasics.plot import losses, models, optimization
    from dlbasics.plot import regularizers as reg

    tiny = BaselineConfig(steps=4, every=1, hidden=4)
    base = GeneralizationConfig(baseline=tiny)
    kfold = KFoldResult(
        config=KFoldConfig(k=5),
        val_accuracy=(0.6, 0.7, 0.65, 0.62, 0.68),
        val_accuracy_true=(0.7, 0.8, 0.75, 0.72, 0.78),
        test_accuracy=(0.8, 0.8, 0.79, 0.81, 0.8),
        fold_size=10,
    )
    plain = EnsembleRun(
        member_accuracy=(0.7, 0.72, 0.71), ensemble_accuracy=(0.7, 0.75, 0.76), bootstrap=False
    )
    bagged = EnsembleRun(
        member_accuracy=(0.6, 0.7, 0.65), ensemble_accuracy=(0.6, 0.76, 0.78), bootstrap=True
    )
    ensemble = EnsembleResult(config=EnsembleConfig(n_members=3), plain=plain, bagged=bagged)
    lrs = (0.01, 0.1, 1.0)
    bn = BatchNormResult(
        config=BatchNormConfig(lrs=lrs, steps=3),
        lrs=lrs,
        plain=((2.0, 1.5, 1.0), (2.0, 1.0, 0.5), (2.0, 3.0, float("inf"))),
        bn=((2.0, 1.0, 0.5), (2.0, 0.5, 0.2), (2.0, 0.4, 0.1)),
    )
    probs = {
        "baseline": torch.softmax(torch.randn(50, 10) * 3, 1),
        "MixUp α=0.4": torch.rand(50, 10),
    }
    methods = GradientMethodsConfig(lrs=(0.001, 0.01, 0.1, 1.0), steps=20)

    def generalization() -> object:
        return run_generalization(base)

    def stopped() -> object:
        return run_generalization(GeneralizationConfig(baseline=tiny, patience=1))

    return {
        "gap": lambda: g.gap_figure(run_generalization(base)),
        "runs": lambda: g.runs_figure(
            {
                "baseline": generalization(),
                "L2 0.001": generalization(),
                "AdamW 0.1": generalization(),
            },
            show_weight_norm=True,
        ),
        "early_stopping": lambda: g.early_stopping_figure(stopped(), generalization()),
        "kfold": lambda: reg.kfold_figure(kfold),
        "mixup": lambda: g.mixup_figure(
            (torch.rand(64), torch.rand(64)), 0.6, probs, torch.randint(0, 10, (50,))
        ),
        "ensemble": lambda: reg.ensemble_figure(ensemble),
        "batchnorm": lambda: reg.batchnorm_figure(bn),
        "saturation": lambda: losses.saturation_figure(saturation(points=50)),
        "ce_vs_mse": lambda: losses.ce_vs_mse_figure(
            run_ce_vs_mse(CEvsMSEConfig(steps=2, every=1, lrs=(0.01, 0.1, 1.0)))
        ),
        "robust_fit": lambda: losses.robust_fit_figure(
            run_robust_regression(RobustRegressionConfig(n=40, steps=20))
        ),
        "proxy": lambda: losses.proxy_figure(run_proxy_gap(ProxyGapConfig(steps=2, every=1))),
        "accuracy_vs_params": lambda: models.accuracy_vs_params(
            run_cnn_comparison(CNNComparisonConfig(models=("AlexNet", "ResNet"), steps=1))
        ),
        "sequence": lambda: models.sequence_figure(run_lstm_forecast(LSTMForecastConfig(steps=1))),
        "reconstruction": lambda: models.reconstruction_figure(
            run_autoencoder(AutoEncoderConfig(steps=1))
        ),
        "gan_histogram": lambda: models.gan_histogram(
            run_gan(GANConfig(steps=1, n_eval=100, snapshots=(0,)))
        ),
        "trajectory": lambda: optimization.trajectory_figure(run_gradient_methods(methods)),
        "loss_curves": lambda: optimization.loss_curves_figure(run_gradient_methods(methods)),
        "bayesopt": lambda: optimization.bayesopt_figure(
            run_lr_search(
                LRSearchConfig(
                    n_grid=5,
                    n_init=2,
                    budget=3,
                    repeats=2,
                    trial=BaselineConfig(hidden=4, steps=1, every=1),
                )
            )
        ),
        "lr_sweep": lambda: optimization.lr_sweep_figure(
            run_gradient_methods(methods), sgd_limit=0.5
        ),
    }


def _intro_and_data() -> dict[str, Callable[[], Figure]]:
    from dlbasics.experiments.data_tasks import DataTasksConfig, TaskConfig, run_data_tasks
    from dlbasics.plot import data_tasks as d
    from dlbasics.plot.basic import bar_comparison, image_grid
    from dlbasics.plot.intro import ai_ml_dl_figure, components_figure, loss_curve
    from dlbasics.plot.words import word

    tiny = TaskConfig(n_train=8, n_test=6, steps=1, batch_size=8)

    def task(name: str) -> Figure:
        config = DataTasksConfig(tasks=(name,), **{name: tiny})
        return d.predictions_figure(run_data_tasks(config).runs[name])

    return {
        "ai_ml_dl": ai_ml_dl_figure,
        "components": components_figure,
        "loss_curve": lambda: loss_curve([2.0, 1.0, 0.4], title="loss"),
        "image_grid": lambda: image_grid(
            torch.rand(20, 64), titles=[str(i % 10) for i in range(20)]
        ),
        "bar_comparison": lambda: bar_comparison(  # as the AI/ML/DL page calls it
            [word(k) for k in ("intro.rules", "intro.ml_features", "intro.linear_pixels")]
            + [word("intro.dl_pixels")],
            [0.5, 0.8, 0.9, 0.95],
            "test accuracy",
            reference=0.1,
            reference_label=word("common.chance"),
        ),
        "confusion": lambda: d.confusion_figure(
            torch.tensor([[30, 1, 2], [0, 40, 3], [1, 2, 35]]), ["circle", "square", "triangle"]
        ),
        **{
            name: (lambda name=name: task(name))
            for name in ("classification", "segmentation", "detection", "pose", "vqa")
        },
    }


def figure_cases() -> dict[str, Callable[[], Figure]]:
    """Name -> a function drawing that figure from a small experiment."""
    return {**_adam(), **_history(), **_components(), **_intro_and_data()}
