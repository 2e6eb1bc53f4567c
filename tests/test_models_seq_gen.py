import pytest
import torch
import torch.nn.functional as F
from torch import nn

from dlbasics.data import load_digits_split
from dlbasics.data.sequences import noisy_sine
from dlbasics.models.autoencoder import AutoEncoder
from dlbasics.models.gan import Discriminator, GANStepLosses, Generator, gan_step
from dlbasics.models.lstm import LSTM, LSTMCell, SequenceRegressor

PARAM_NAMES = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")


def _adam_fit(model, x, y, steps, lr, batch_size, seed):
    g = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    for _ in range(steps):
        idx = torch.randint(0, len(x), (batch_size,), generator=g)
        loss = F.mse_loss(model(x[idx]), y[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()


# ---------------------------------------------------------------- LSTM


def test_lstm_cell_matches_torch_lstm_values_and_gradients():
    torch.manual_seed(0)
    ref = nn.LSTM(3, 5, batch_first=True)
    cell = LSTMCell(3, 5)
    with torch.no_grad():
        for name in PARAM_NAMES:
            getattr(cell, name).copy_(getattr(ref, f"{name}_l0"))
    x = torch.randn(4, 3, requires_grad=True)
    h0, c0 = torch.randn(4, 5), torch.randn(4, 5)
    h, c = cell(x, (h0, c0))
    out_ref, (h_ref, c_ref) = ref(x.unsqueeze(1), (h0.unsqueeze(0), c0.unsqueeze(0)))
    torch.testing.assert_close(h, h_ref[0])
    torch.testing.assert_close(c, c_ref[0])
    torch.testing.assert_close(h, out_ref[:, 0])

    (h.sum() + c.square().sum()).backward()
    grads = [x.grad, *(getattr(cell, n).grad for n in PARAM_NAMES)]
    x_ref = x.detach().clone().requires_grad_()
    _, (h_ref, c_ref) = ref(x_ref.unsqueeze(1), (h0.unsqueeze(0), c0.unsqueeze(0)))
    (h_ref.sum() + c_ref.square().sum()).backward()
    grads_ref = [x_ref.grad, *(getattr(ref, f"{n}_l0").grad for n in PARAM_NAMES)]
    for got, want in zip(grads, grads_ref, strict=True):
        torch.testing.assert_close(got, want)


def test_lstm_cell_zero_state_by_default():
    cell = LSTMCell(2, 3)
    x = torch.randn(4, 2)
    zeros = torch.zeros(4, 3)
    for got, want in zip(cell(x), cell(x, (zeros, zeros)), strict=True):
        torch.testing.assert_close(got, want)


@pytest.mark.parametrize("with_state", [False, True])
def test_lstm_matches_torch_lstm_values_and_gradients(with_state):
    torch.manual_seed(1)
    ref = nn.LSTM(3, 6, batch_first=True)
    ours = LSTM(3, 6).load_from_torch(ref)
    x = torch.randn(4, 9, 3)
    state = (torch.randn(4, 6), torch.randn(4, 6)) if with_state else None
    ref_state = tuple(s.unsqueeze(0) for s in state) if state else None

    x_ours = x.clone().requires_grad_()
    out, (h, c) = ours(x_ours, state)
    x_ref = x.clone().requires_grad_()
    out_ref, (h_ref, c_ref) = ref(x_ref, ref_state)
    assert out.shape == (4, 9, 6)
    torch.testing.assert_close(out, out_ref)
    torch.testing.assert_close(h, h_ref[0])
    torch.testing.assert_close(c, c_ref[0])

    w = torch.randn(4, 9, 6)  # a loss that weighs every step differently
    ((out * w).sum() + c.sum()).backward()
    ((out_ref * w).sum() + c_ref.sum()).backward()
    torch.testing.assert_close(x_ours.grad, x_ref.grad)
    for name in PARAM_NAMES:
        torch.testing.assert_close(getattr(ours.cell, name).grad, getattr(ref, f"{name}_l0").grad)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: LSTM(3, 4)(torch.zeros(2, 5, 2)), r"x must have shape \(B, T, 3\)"),
        (lambda: LSTM(3, 4)(torch.zeros(2, 3)), r"x must have shape \(B, T, 3\)"),
        (lambda: LSTM(3, 4)(torch.zeros(2, 0, 3)), r"T >= 1"),
        (lambda: LSTMCell(3, 4)(torch.zeros(2, 5)), r"x_t must have shape \(B, 3\)"),
        (
            lambda: LSTMCell(3, 4)(torch.zeros(2, 3), (torch.zeros(2, 4), torch.zeros(2, 5))),
            r"c must have shape \(2, 4\), got \(2, 5\)",
        ),
        (lambda: LSTMCell(0, 4), "input_size must be >= 1"),
        (lambda: LSTM(3, 4).load_from_torch(nn.LSTM(3, 4, num_layers=2)), "lstm must be"),
        (lambda: LSTM(3, 4).load_from_torch(nn.LSTM(3, 5)), "lstm must be"),
    ],
)
def test_lstm_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_lstm_bad_types_raise_type_error():
    with pytest.raises(TypeError, match=r"x must be a torch\.Tensor"):
        LSTM(1, 2)([[0.0]])
    with pytest.raises(TypeError, match="hidden_size must be an int"):
        LSTMCell(1, 2.0)
    with pytest.raises(TypeError, match=r"lstm must be a torch\.nn\.LSTM"):
        LSTM(1, 2).load_from_torch(nn.GRU(1, 2))


def test_noisy_sine_is_seeded_and_shifted():
    x, y = noisy_sine(8, 12, noise=0.1, seed=3)
    x2, _ = noisy_sine(8, 12, noise=0.1, seed=3)
    assert x.shape == y.shape == (8, 12, 1)
    torch.testing.assert_close(x, x2)
    torch.testing.assert_close(y[:, :-1], x[:, 1:])
    assert not torch.equal(x, noisy_sine(8, 12, noise=0.1, seed=4)[0])
    clean, _ = noisy_sine(8, 12, noise=0.0, seed=3)
    assert float(clean.abs().max()) <= 1.0
    with pytest.raises(ValueError, match="n must be >= 1"):
        noisy_sine(0, 12)
    with pytest.raises(ValueError, match="length must be >= 1"):
        noisy_sine(2, 0)
    with pytest.raises(TypeError, match="noise must be a real number"):
        noisy_sine(2, 12, noise="0.1")
    with pytest.raises(ValueError, match="noise must be >= 0"):
        noisy_sine(2, 12, noise=-0.1)
    with pytest.raises(ValueError, match="seed must be >= 0"):
        noisy_sine(2, 12, seed=-1)


def test_sequence_regressor_beats_repeat_last_value():
    torch.manual_seed(0)
    x, y = noisy_sine(256, 20, noise=0.1, seed=0)
    x_test, y_test = noisy_sine(128, 20, noise=0.1, seed=1)
    model = SequenceRegressor(16)
    _adam_fit(model, x, y, steps=100, lr=1e-2, batch_size=64, seed=0)
    with torch.no_grad():
        mse = F.mse_loss(model(x_test), y_test).item()
    repeat_last = F.mse_loss(x_test, y_test).item()  # predict s_{t+1} = s_t
    assert mse < 0.6 * repeat_last, (mse, repeat_last)


# ---------------------------------------------------------------- AutoEncoder


def test_autoencoder_shapes_and_checks():
    ae = AutoEncoder(64, hidden=(48, 24), bottleneck=6)
    x = torch.rand(5, 64)
    assert ae.encode(x).shape == (5, 6)
    with torch.no_grad():
        x_hat = ae(x)
    assert x_hat.shape == (5, 64)
    assert float(x_hat.min()) > 0.0
    assert float(x_hat.max()) < 1.0
    with pytest.raises(ValueError, match=r"x must have shape \(B, 64\)"):
        ae(torch.rand(5, 63))
    with pytest.raises(ValueError, match=r"z must have shape \(B, 6\)"):
        ae.decode(torch.rand(5, 8))
    with pytest.raises(ValueError, match="must be >= 1"):
        AutoEncoder(bottleneck=0)
    with pytest.raises(TypeError, match="hidden must be a tuple"):
        AutoEncoder(hidden=[32])


def test_autoencoder_reconstructs_digits_better_than_the_mean_image():
    torch.manual_seed(0)
    s = load_digits_split(seed=0)
    ae = AutoEncoder(64, hidden=(32,), bottleneck=8)
    _adam_fit(ae, s.x_train, s.x_train, steps=250, lr=1e-2, batch_size=128, seed=0)
    with torch.no_grad():
        mse = F.mse_loss(ae(s.x_test), s.x_test).item()
    mean_image = s.x_train.mean(dim=0).expand_as(s.x_test)
    baseline = F.mse_loss(mean_image, s.x_test).item()
    assert mse < 0.5 * baseline, (mse, baseline)


# ---------------------------------------------------------------- GAN


@pytest.mark.parametrize("seed", [0, 1])
def test_gan_learns_a_1d_gaussian(seed):
    torch.manual_seed(seed)
    g, d = Generator(2, 16, 1), Discriminator(1, 16)
    opt_g = torch.optim.Adam(g.parameters(), lr=2e-3, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(d.parameters(), lr=2e-3, betas=(0.5, 0.999))
    for _ in range(600):
        losses = gan_step(g, d, 3 + 0.5 * torch.randn(64, 1), opt_g, opt_d, torch.randn(64, 2))
    assert isinstance(losses, GANStepLosses)
    with torch.no_grad():
        samples = g(torch.randn(4000, 2))
    assert abs(samples.mean().item() - 3.0) < 0.3
    assert 0.2 < samples.std().item() < 0.8


def test_gan_step_checks_shapes():
    g, d = Generator(2, 8, 1), Discriminator(1, 8)
    opt_g = torch.optim.SGD(g.parameters(), lr=0.1)
    opt_d = torch.optim.SGD(d.parameters(), lr=0.1)
    with pytest.raises(ValueError, match=r"z must have shape \(B, 2\)"):
        gan_step(g, d, torch.randn(4, 1), opt_g, opt_d, torch.randn(4, 3))
    with pytest.raises(ValueError, match=r"generator must map generator_noise to shape \(4, 2\)"):
        gan_step(g, d, torch.randn(4, 2), opt_g, opt_d, torch.randn(4, 2))
    with pytest.raises(ValueError, match="real_batch must have shape"):
        gan_step(g, d, torch.randn(4), opt_g, opt_d, torch.randn(4, 2))
    with pytest.raises(TypeError, match=r"generator_noise must be a torch\.Tensor"):
        gan_step(g, d, torch.randn(4, 1), opt_g, opt_d, None)
    with pytest.raises(ValueError, match="hidden must be >= 1"):
        Discriminator(1, 0)
