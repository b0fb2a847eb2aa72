"""Request bodies of the JSON login endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

__all__ = ["LoginSerializer", "StatusSerializer"]


class LoginSerializer(serializers.Serializer[Any]):
    username = serializers.CharField(max_length=150, trim_whitespace=False)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})
    device_id = serializers.CharField(max_length=128, required=False, allow_blank=True)


class StatusSerializer(serializers.Serializer[Any]):
    status = serializers.CharField()
