"""CDF's request limits as the emulator enforces them (one place, so the README can list them).

Numbers marked *spec* come from CDF's OpenAPI document (``cognite-sdk-js`` ships a snapshot of it); the
ones marked *emulator* are the emulator's own choice where CDF documents none.
"""

from __future__ import annotations

# -- instance reads ---------------------------------------------------------------------------------
LIST_DEFAULT = 1000  # spec: LimitWithDefault1000
LIST_MAX = 1000
SEARCH_DEFAULT = 1000
SEARCH_MAX = 1000
AGGREGATE_DEFAULT = 100  # spec: CommonAggregationRequest.limit
AGGREGATE_MAX = 1000
AGGREGATES_MAX = 5  # spec: aggregates maxItems
GROUP_BY_MAX = 5  # spec: groupBy maxItems
AGGREGATE_PROPERTIES_MAX = 200  # spec: properties maxItems
SORT_MAX = 5  # spec: sort / postSort / backfillSort maxItems
SOURCES_MAX = 10  # spec: SourceSelector maxItems ("up to 10 views")
ITEMS_MAX = 1000  # spec: InstanceBulk items maxItems

# -- query and sync ---------------------------------------------------------------------------------
RESULT_SETS_MAX = 50  # spec: with / select / cursors maxProperties
QUERY_LIMIT_DEFAULT = 100  # spec: TableExpressionQueryLimit
QUERY_LIMIT_MAX = 10_000
SYNC_LIMIT_DEFAULT = 100  # spec: TableExpressionSyncLimit
SYNC_LIMIT_MAX = 2000
LIMIT_EACH_MAX = 2000  # spec: edges.limitEach maximum
SYNC_CURSOR_TTL_MS = 3 * 24 * 3600 * 1000  # spec: "Sync cursors will expire after 3 days"

# -- filters ----------------------------------------------------------------------------------------
IN_VALUES_MAX = 1000  # CDF docs: "in filters accept at most 1000 values"
HAS_DATA_MAX = 10  # toolkit: HAS_DATA_FILTER_LIMIT
FILTER_DEPTH_MAX = 32  # emulator: nesting of and/or/not/nested
FILTER_NODES_MAX = 5000  # emulator: filter objects plus listed values in one request

# -- HTTP bodies (emulator) -------------------------------------------------------------------------
BODY_BYTES_MAX = 10 * 1024 * 1024  # as sent (compressed or not)
BODY_DECOMPRESSED_MAX = 50 * 1024 * 1024  # after Content-Encoding is undone
JSON_DEPTH_MAX = 100  # nesting of arrays/objects in a request body
