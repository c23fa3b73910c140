using System.Globalization;
using System.Text;
using GasTown.Federation.Query;

namespace GasTown.Federation.Index;

/// <summary>
/// The SQL condition of a listing's scopes and filter over <c>units u</c>, with its parameters numbered after the ones
/// already given. An assignee matches an entity as <c>EntityId</c> reads it: entities are ASCII and lower case, and an
/// assignee names one when it equals it with ASCII letters in any case, which is SQLite's <c>NOCASE</c>.
/// </summary>
internal sealed class ScopeSql
{
    private readonly StringBuilder _sql = new();

    public ScopeSql(List<object?> values) => Values = values;

    public List<object?> Values { get; }

    public string Sql => _sql.ToString();

    /// <summary>Appends <c>AND</c> the filter's conditions.</summary>
    public ScopeSql Filter(WorkFilter filter)
    {
        if (filter.Status is { } status)
        {
            _sql.Append(" AND u.status = ").Append(Parameter(status.Value));
        }

        if (filter.IssueType is { } type)
        {
            _sql.Append(" AND u.issue_type = ").Append(Parameter(type.Value));
        }

        return this;
    }

    /// <summary>Appends <c>AND</c> one scope's condition (its chain by row id).</summary>
    public ScopeSql Scope(long chainId, IReadOnlyCollection<GasTown.Federation.EntityId>? assignees)
    {
        _sql.Append(" AND ");
        AppendScope(chainId, assignees);
        return this;
    }

    /// <summary>Appends <c>AND</c> any of several scopes.</summary>
    public ScopeSql AnyScope(IReadOnlyList<(long ChainId, IReadOnlyCollection<GasTown.Federation.EntityId>? Assignees)> scopes)
    {
        _sql.Append(" AND (");
        for (var i = 0; i < scopes.Count; i++)
        {
            if (i > 0)
            {
                _sql.Append(" OR ");
            }

            AppendScope(scopes[i].ChainId, scopes[i].Assignees);
        }

        _sql.Append(')');
        return this;
    }

    /// <summary>Appends raw SQL with one parameter in place of <c>$v</c>.</summary>
    public ScopeSql And(string clause, object? value)
    {
        _sql.Append(" AND ").Append(clause.Replace("$v", Parameter(value), StringComparison.Ordinal));
        return this;
    }

    /// <summary>Appends raw SQL with two parameters in place of <c>$v1</c> and <c>$v2</c>.</summary>
    public ScopeSql And(string clause, object? first, object? second)
    {
        var one = Parameter(first);
        var two = Parameter(second);
        _sql.Append(" AND ").Append(clause.Replace("$v1", one, StringComparison.Ordinal).Replace("$v2", two, StringComparison.Ordinal));
        return this;
    }

    private void AppendScope(long chainId, IReadOnlyCollection<GasTown.Federation.EntityId>? assignees)
    {
        _sql.Append("(u.chain_id = ").Append(Parameter(chainId));
        if (assignees is not null)
        {
            _sql.Append(" AND u.assignee COLLATE NOCASE IN (");
            _sql.Append(assignees.Count == 0 ? "NULL" : string.Join(", ", assignees.Select(a => Parameter(a.Value))));
            _sql.Append(')');
        }

        _sql.Append(')');
    }

    private string Parameter(object? value)
    {
        Values.Add(value);
        return "$p" + (Values.Count - 1).ToString(CultureInfo.InvariantCulture);
    }
}
