"""Account value and CLV (Gupta & Lehmann 2003), against hand-worked examples."""

from __future__ import annotations

import datetime

import pytest

from relmap.analytics.value import (
    DEFAULT_DISCOUNT,
    DEFAULT_HORIZON_YEARS,
    DEFAULT_RETENTION,
    Period,
    YearTotals,
    account_value,
    annual_figures,
    clv_finite,
    clv_infinite,
    retention_what_if,
)

# --- CLV formulas --------------------------------------------------------------------


def test_infinite_clv_at_80_percent_retention_and_10_percent_discount_is_2_67_margins() -> None:
    # 0.8 / (1 + 0.10 - 0.8) = 0.8 / 0.3 = 2.6666...
    assert clv_infinite(1.0, 0.8, 0.10) == pytest.approx(8 / 3, abs=1e-9)
    assert clv_infinite(300.0, 0.8, 0.10) == pytest.approx(800.0, abs=1e-9)


def test_acquisition_cost_is_subtracted_from_infinite_clv() -> None:
    assert clv_infinite(300.0, 0.8, 0.10, acquisition_cost=150.0) == pytest.approx(650.0)


def test_zero_retention_means_no_future_value() -> None:
    assert clv_infinite(1000.0, 0.0, 0.10) == 0.0
    assert clv_finite(1000.0, 0.0, 0.10, 5) == 0.0


def test_finite_clv_over_one_period_is_one_retained_discounted_margin() -> None:
    assert clv_finite(100.0, 0.8, 0.10, 1) == pytest.approx(100.0 * 0.8 / 1.1, abs=1e-9)


def test_finite_clv_over_three_periods_matches_the_hand_sum() -> None:
    # q = 0.8 / 1.1 = 0.727272...; 1100 * (q + q^2 + q^3)
    # = 1100 * 0.727272 + 1100 * 0.528926 + 1100 * 0.384673 = 800 + 581.8182 + 423.1405
    assert clv_finite(1100.0, 0.8, 0.10, 3) == pytest.approx(1804.9587, abs=1e-4)
    assert clv_finite(1100.0, 0.8, 0.10, 3) == pytest.approx(800 + 6400 / 11 + 51200 / 121)


def test_finite_clv_converges_to_infinite_clv_for_long_horizons() -> None:
    assert clv_finite(100.0, 0.8, 0.10, 5) < clv_finite(100.0, 0.8, 0.10, 10)
    assert clv_finite(100.0, 0.8, 0.10, 200) == pytest.approx(
        clv_infinite(100.0, 0.8, 0.10), rel=1e-12
    )


@pytest.mark.parametrize(
    ("retention", "discount", "message"),
    [
        (1.0, 0.1, "retention"),
        (-0.1, 0.1, "retention"),
        (1.5, 0.1, "retention"),
        (float("nan"), 0.1, "retention"),
        (0.8, -0.01, "discount"),
    ],
)
def test_bad_rates_are_rejected_with_a_clear_message(
    retention: float, discount: float, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        clv_infinite(100.0, retention, discount)
    with pytest.raises(ValueError, match=message):
        clv_finite(100.0, retention, discount, 3)


@pytest.mark.parametrize("periods", [0, -1])
def test_a_finite_horizon_below_one_period_is_rejected(periods: int) -> None:
    with pytest.raises(ValueError, match="at least 1 period"):
        clv_finite(100.0, 0.8, 0.1, periods)


def test_retention_what_if_gives_both_clvs_per_rate_in_order() -> None:
    rows = retention_what_if(100.0, 0.10, [0.9, 0.5], 1)
    # r=0.9: 90/0.2 = 450 and 90/1.1; r=0.5: 50/0.6 and 50/1.1
    assert [r for r, _, _ in rows] == [0.9, 0.5]
    assert rows[0][1] == pytest.approx(450.0)
    assert rows[0][2] == pytest.approx(90 / 1.1)
    assert rows[1][1] == pytest.approx(250 / 3)
    assert rows[1][2] == pytest.approx(50 / 1.1)


def test_defaults_are_the_frameworks_example() -> None:
    assert (DEFAULT_RETENTION, DEFAULT_DISCOUNT, DEFAULT_HORIZON_YEARS) == (0.8, 0.10, 5)


# --- periods -------------------------------------------------------------------------


def test_period_contribution_is_margin_after_cost_to_serve() -> None:
    period = Period(datetime.date(2024, 1, 1), datetime.date(2024, 3, 31), 1000, 400, 150)
    assert period.contribution == 250
    assert period.margin_pct == pytest.approx(40.0)
    assert period.days == 91


def test_a_period_ending_before_it_starts_is_rejected() -> None:
    with pytest.raises(ValueError, match="before it starts"):
        Period(datetime.date(2024, 3, 1), datetime.date(2024, 2, 1), 1, 1, 0)


QUARTERS = (((1, 1), (3, 31)), ((4, 1), (6, 30)), ((7, 1), (9, 30)), ((10, 1), (12, 31)))


def _quarters(year: int, revenue: float, margin: float, cost: float) -> list[Period]:
    return [
        Period(datetime.date(year, *start), datetime.date(year, *end), revenue, margin, cost)
        for start, end in QUARTERS
    ]


def _three_years() -> list[Period]:
    # 2022: 4 x 100 revenue; 2023: 4 x 200; 2024: 4 x 250 revenue, 100 margin, 25 cost.
    periods = (
        _quarters(2022, 100, 40, 10) + _quarters(2023, 200, 80, 20) + _quarters(2024, 250, 100, 25)
    )
    return list(reversed(periods))  # order of input must not matter


def test_account_value_uses_the_latest_year_of_a_quarterly_series() -> None:
    value = account_value(_three_years())
    assert value.annual_revenue == pytest.approx(1000.0)  # 4 x 250
    assert value.annual_contribution == pytest.approx(300.0)  # 4 x (100 - 25)
    assert value.contribution_pct == pytest.approx(30.0)
    assert value.annualised is False
    assert value.year_end == datetime.date(2024, 12, 31)


def test_growth_compares_the_latest_year_with_the_one_before() -> None:
    # 1000 vs 800 -> +25 %
    value = account_value(_three_years())
    assert value.growth_pct == pytest.approx(25.0)
    assert "Revenue grew 25.0 % on the previous year (800)" in value.explanation


def test_revenue_trend_lists_every_period_oldest_first() -> None:
    value = account_value(_three_years())
    assert len(value.revenue_trend) == 12
    assert value.revenue_trend[0] == (datetime.date(2022, 3, 31), 100.0)
    assert value.revenue_trend[-1] == (datetime.date(2024, 12, 31), 250.0)
    dates = [d for d, _ in value.revenue_trend]
    assert dates == sorted(dates)


def test_clv_uses_the_annual_contribution_as_margin() -> None:
    value = account_value(_three_years(), retention=0.8, discount=0.10, horizon_years=1)
    assert value.clv_infinite == pytest.approx(800.0)  # 300 x 0.8 / 0.3
    assert value.clv_finite == pytest.approx(300 * 0.8 / 1.1)
    assert (value.retention, value.discount, value.horizon_years) == (0.8, 0.10, 1)
    assert "Gupta & Lehmann 2003" in value.explanation


def test_less_than_a_year_of_data_is_annualised() -> None:
    # two quarters of 2024 (1 Jan - 30 Jun = 182 days), contribution 75 each
    value = account_value(_quarters(2024, 250, 100, 25)[:2])
    assert value.annualised is True
    assert value.annual_revenue == pytest.approx(500 * 365 / 182)
    assert value.annual_contribution == pytest.approx(150 * 365 / 182)
    assert value.growth_pct is None
    assert "annualised" in value.explanation


def test_a_negative_contribution_is_explained() -> None:
    value = account_value(_quarters(2024, 100, 20, 30))
    assert value.annual_contribution == pytest.approx(-40.0)
    assert value.clv_infinite is not None
    assert value.clv_infinite < 0
    assert "costs more to serve than it earns" in value.explanation


def test_no_periods_gives_no_numbers_and_says_so() -> None:
    value = account_value([])
    assert value.annual_revenue is None
    assert value.clv_infinite is None
    assert value.revenue_trend == ()
    assert "No financial periods" in value.explanation


def test_account_value_rejects_bad_settings_even_without_periods() -> None:
    with pytest.raises(ValueError, match="retention"):
        account_value([], retention=1.0)
    with pytest.raises(ValueError, match="at least 1 year"):
        account_value([], horizon_years=0)


def test_annual_figures_annualise_a_short_window_and_compare_years() -> None:
    # Half a year (182 days) of 50,000 revenue and 10,000 contribution: x 365 / 182.
    short = annual_figures(YearTotals(50_000, 10_000, 182), None)
    assert short.annualised is True
    assert short.revenue == pytest.approx(50_000 * 365 / 182)
    assert short.contribution_pct == pytest.approx(20.0)
    assert (short.growth_pct, short.previous_revenue) == (None, None)
    # A full year against a previous year of one quarter (92 days, annualised).
    grown = annual_figures(YearTotals(400_000, 100_000, 365), YearTotals(90_000, 0, 92))
    assert grown.annualised is False
    assert grown.previous_revenue == pytest.approx(90_000 * 365 / 92)
    assert grown.growth_pct == pytest.approx((400_000 / (90_000 * 365 / 92) - 1) * 100)
    # A previous year without revenue: no growth.
    assert annual_figures(YearTotals(1, 1, 365), YearTotals(0, 0, 365)).growth_pct is None
