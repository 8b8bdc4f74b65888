-- The incident's issue context becomes jsonb, mapped to the IssueContext record (no more text searched for "frames").
-- jsonb refuses the \u0000 escape that text took: drop it (an escaped backslash before "u0000" is left alone).
alter table incident alter column context type jsonb
    using regexp_replace(context, '(^|[^\\])((\\\\)*)\\u0000', '\1\2', 'g')::jsonb;
