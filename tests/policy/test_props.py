"""Field-by-field reads over every shape props arrive in: the SDK's eager proxy, our lazy one, plain data."""

from __future__ import annotations

import pytest
from pulumi_policy.proxy import UnknownValueError, unknown_checking_proxy

from nicguard.core.unknown import UNKNOWN
from nicguard.policy.props import elements, field, lazy_proxy, plain

from .wire import UNKNOWN as SENTINEL

RAW = {"ipConfigurations": [{"name": "ipconfig1", "subnet": {"id": SENTINEL}}, SENTINEL], "tags": SENTINEL, "n": 3.0}


@pytest.mark.parametrize("wrap", [unknown_checking_proxy, lambda raw: lazy_proxy(raw, False), lambda raw: raw], ids=["sdk", "lazy", "plain"])
def test_one_unknown_field_is_unknown_and_the_rest_readable(wrap):
    props = wrap(RAW)
    assert field(props, "ipConfigurations", 0, "name") == "ipconfig1"
    assert field(props, "ipConfigurations", 0, "subnet", "id") is UNKNOWN
    assert field(props, "ipConfigurations", 1) is UNKNOWN
    assert field(props, "tags", "owner") is UNKNOWN
    assert field(props, "missing", "deeper") is None
    assert field(props, "ipConfigurations", 5) is None
    assert elements(field(props, "ipConfigurations"))[1] is UNKNOWN
    assert plain(props)["ipConfigurations"][0]["subnet"]["id"] is UNKNOWN


def test_the_lazy_proxy_raises_like_the_sdks():
    props = lazy_proxy(RAW, False)
    with pytest.raises(UnknownValueError) as raised:
        props["ipConfigurations"][0]["subnet"]["id"]
    assert raised.value.message == "string value at .ipConfigurations.0.subnet.id can't be known during preview"
    with pytest.raises(UnknownValueError):
        "tags" in props and props["tags"]
