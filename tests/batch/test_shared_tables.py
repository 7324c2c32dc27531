"""A batch's slots share the sealed tables of served calls answered ahead (issue 23): a table
one slot made reaches every other slot with its next job, and slots started later, so a
class pays for each oracle run once, not once per slot."""

from __future__ import annotations

from types import SimpleNamespace

from nngrade.batch.runner import SHARED_BYTES, GradingConfig, LocalRunner, SharedTables


def _runner() -> LocalRunner:
    return LocalRunner(GradingConfig("hw6", (), 1, "en", 60.0), 2)


def _slot(made=()) -> SimpleNamespace:
    return SimpleNamespace(made=list(made), inbox=[])


def test_a_table_one_slot_made_goes_to_the_others_and_not_back_to_it():
    table = SimpleNamespace(table=b"x" * 100)
    maker, other, third = _slot([(b"key", table)]), _slot(), _slot()
    _runner()._pass_tables_on([maker, other, third])
    assert maker.inbox == [] and maker.made == []
    assert other.inbox == third.inbox == [(b"key", table)]


def test_slots_started_later_get_the_tables_made_before_them_up_to_a_bound():
    runner = _runner()
    big = SimpleNamespace(table=b"x" * (SHARED_BYTES // 2 + 1))
    for i in range(3):
        runner._pass_tables_on([_slot([(b"k%d" % i, big)]), _slot()])
    kept = [key for key, _ in runner._shared]
    assert kept == [b"k2"]  # the most recent that fit


def test_the_tables_travel_as_a_message_of_their_own_ahead_of_a_job():
    message = SharedTables([(b"key", None)])
    assert isinstance(message, SharedTables) and message.made == [(b"key", None)]
