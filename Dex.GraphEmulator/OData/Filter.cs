using System.Collections;
using System.Globalization;
using System.Text;

namespace Dex.GraphEmulator.OData;

/// <summary>A $filter / $orderby / $search syntax error; becomes a 400.</summary>
internal sealed class ODataException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

internal abstract record FilterNode;
internal sealed record AndNode(FilterNode Left, FilterNode Right) : FilterNode;
internal sealed record OrNode(FilterNode Left, FilterNode Right) : FilterNode;
internal sealed record NotNode(FilterNode Inner) : FilterNode;
internal sealed record CompareNode(string Op, Operand Left, Operand Right) : FilterNode;
internal sealed record FuncNode(string Name, Operand Target, Operand Argument) : FilterNode;
internal sealed record InNode(Operand Target, IReadOnlyList<object?> Values) : FilterNode;
internal sealed record AnyNode(string Collection, string? Variable, FilterNode? Body) : FilterNode;

internal abstract record Operand;
internal sealed record PropertyOperand(string Path) : Operand;
internal sealed record LiteralOperand(object? Value) : Operand;

/// <summary>What a filter uses; decides whether Graph would demand advanced-query headers.</summary>
internal sealed class FilterFeatures
{
    public bool Ne { get; set; }
    public bool Not { get; set; }
    public bool EndsWith { get; set; }
    public bool Contains { get; set; }
    public bool NullLiteral { get; set; }
    public HashSet<string> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>Hand-written parser for the $filter subset directory endpoints support.</summary>
internal sealed class FilterParser
{
    private readonly string _text;
    private readonly List<Token> _tokens;
    private int _pos;
    private readonly Stack<string> _lambdaVars = new();

    private FilterParser(string text)
    {
        _text = text;
        _tokens = Tokenize(text);
    }

    public static FilterNode Parse(string text)
    {
        var p = new FilterParser(text);
        var node = p.ParseOr();
        if (p._pos < p._tokens.Count)
        {
            throw p.Syntax($"unexpected '{p._tokens[p._pos].Text}'");
        }

        return node;
    }

    public static FilterFeatures Analyze(FilterNode node)
    {
        var f = new FilterFeatures();
        Walk(node, f, null);
        return f;
    }

    private static void Walk(FilterNode node, FilterFeatures f, string? lambdaVar)
    {
        switch (node)
        {
            case AndNode a: Walk(a.Left, f, lambdaVar); Walk(a.Right, f, lambdaVar); break;
            case OrNode o: Walk(o.Left, f, lambdaVar); Walk(o.Right, f, lambdaVar); break;
            case NotNode n: f.Not = true; Walk(n.Inner, f, lambdaVar); break;
            case CompareNode c:
                f.Ne |= c.Op == "ne";
                f.NullLiteral |= c.Right is LiteralOperand { Value: null } || c.Left is LiteralOperand { Value: null };
                AddProp(c.Left, f, lambdaVar);
                AddProp(c.Right, f, lambdaVar);
                break;
            case FuncNode fn:
                f.EndsWith |= fn.Name == "endswith";
                f.Contains |= fn.Name == "contains";
                AddProp(fn.Target, f, lambdaVar);
                break;
            case InNode i: AddProp(i.Target, f, lambdaVar); break;
            case AnyNode any:
                f.Properties.Add(any.Collection);
                if (any.Body is not null)
                {
                    Walk(any.Body, f, any.Variable);
                }

                break;
        }
    }

    private static void AddProp(Operand o, FilterFeatures f, string? lambdaVar)
    {
        if (o is PropertyOperand p && !string.Equals(p.Path, lambdaVar, StringComparison.Ordinal)
            && !(lambdaVar is not null && p.Path.StartsWith(lambdaVar + "/", StringComparison.Ordinal)))
        {
            f.Properties.Add(p.Path);
        }
    }

    // ---- compilation ----

    /// <summary>
    /// Turns the tree into one delegate with property getters resolved once, so scanning 100k users costs no
    /// per-item dictionary lookups or closures.
    /// </summary>
    public static Func<T, bool> Compile<T>(FilterNode node, Func<string, Func<T, object?>?> resolve) => CompileNode(node, resolve, null);

    private static Func<T, bool> CompileNode<T>(FilterNode node, Func<string, Func<T, object?>?> resolve, string? lambdaVar)
    {
        switch (node)
        {
            case AndNode a:
            {
                var l = CompileNode(a.Left, resolve, lambdaVar);
                var r = CompileNode(a.Right, resolve, lambdaVar);
                return x => l(x) && r(x);
            }

            case OrNode o:
            {
                var l = CompileNode(o.Left, resolve, lambdaVar);
                var r = CompileNode(o.Right, resolve, lambdaVar);
                return x => l(x) || r(x);
            }

            case NotNode n:
            {
                var inner = CompileNode(n.Inner, resolve, lambdaVar);
                return x => !inner(x);
            }

            case AnyNode any when lambdaVar is null:
            {
                var collection = resolve(any.Collection);
                if (collection is null)
                {
                    return _ => false;
                }

                if (any.Body is null)
                {
                    return x => collection(x) is IEnumerable e and not string && e.Cast<object?>().Any();
                }

                // Inside the lambda the variable is the element; other names still resolve on the item.
                var body = any.Body;
                var variable = any.Variable;
                return x =>
                {
                    if (collection(x) is not IEnumerable items || items is string)
                    {
                        return false;
                    }

                    var getter = (Func<string, object?>)(name => resolve(name)?.Invoke(x));
                    foreach (var item in items)
                    {
                        if (Eval(body, getter, variable, item))
                        {
                            return true;
                        }
                    }

                    return false;
                };
            }

            case CompareNode c when c.Left is PropertyOperand p && c.Right is LiteralOperand lit && resolve(p.Path) is { } get:
            {
                var value = lit.Value;
                var op = c.Op;
                if (value is string sv && op is "eq" or "ne")
                {
                    var eq = op == "eq";
                    return x => get(x) switch
                    {
                        string s => string.Equals(s, sv, StringComparison.OrdinalIgnoreCase) == eq,
                        null => !eq,
                        var other => (CompareValues(other, sv) == 0) == eq,
                    };
                }

                return x => Eval(new CompareNode(op, new LiteralOperand(get(x)), lit), _ => null, null, null);
            }

            case FuncNode f when f.Target is PropertyOperand p && f.Argument is LiteralOperand { Value: string arg } && resolve(p.Path) is { } get:
            {
                return f.Name switch
                {
                    "startswith" => x => get(x) is string s && s.StartsWith(arg, StringComparison.OrdinalIgnoreCase),
                    "endswith" => x => get(x) is string s && s.EndsWith(arg, StringComparison.OrdinalIgnoreCase),
                    _ => x => get(x) is string s && s.Contains(arg, StringComparison.OrdinalIgnoreCase),
                };
            }

            default:
            {
                // Rare shapes (literal on the left, property-to-property): fall back to the interpreter.
                return x => Eval(node, name => resolve(name)?.Invoke(x), null, null);
            }
        }
    }

    // ---- evaluation ----

    /// <summary>Evaluates the filter; <paramref name="get"/> returns string, bool, number, DateTimeOffset, IEnumerable&lt;string&gt; or null.</summary>
    public static bool Evaluate(FilterNode node, Func<string, object?> get) => Eval(node, get, null, null);

    private static bool Eval(FilterNode node, Func<string, object?> get, string? var, object? varValue)
    {
        switch (node)
        {
            case AndNode a: return Eval(a.Left, get, var, varValue) && Eval(a.Right, get, var, varValue);
            case OrNode o: return Eval(o.Left, get, var, varValue) || Eval(o.Right, get, var, varValue);
            case NotNode n: return !Eval(n.Inner, get, var, varValue);
            case CompareNode c:
            {
                var l = Value(c.Left, get, var, varValue);
                var r = Value(c.Right, get, var, varValue);
                var cmp = CompareValues(l, r);
                return c.Op switch
                {
                    "eq" => cmp == 0,
                    "ne" => cmp != 0,
                    "gt" => cmp is > 0 and not int.MaxValue,
                    "ge" => cmp is >= 0 and not int.MaxValue,
                    "lt" => cmp < 0,
                    "le" => cmp <= 0,
                    _ => false,
                };
            }

            case FuncNode fn:
            {
                if (Value(fn.Target, get, var, varValue) is not string s || Value(fn.Argument, get, var, varValue) is not string arg)
                {
                    return false;
                }

                return fn.Name switch
                {
                    "startswith" => s.StartsWith(arg, StringComparison.OrdinalIgnoreCase),
                    "endswith" => s.EndsWith(arg, StringComparison.OrdinalIgnoreCase),
                    "contains" => s.Contains(arg, StringComparison.OrdinalIgnoreCase),
                    _ => false,
                };
            }

            case InNode i:
            {
                var v = Value(i.Target, get, var, varValue);
                return i.Values.Any(x => CompareValues(v, x) == 0);
            }

            case AnyNode any:
            {
                if (get(any.Collection) is not IEnumerable items || items is string)
                {
                    return false;
                }

                foreach (var item in items)
                {
                    if (any.Body is null || Eval(any.Body, get, any.Variable, item))
                    {
                        return true;
                    }
                }

                return false;
            }

            default:
                return false;
        }
    }

    private static object? Value(Operand o, Func<string, object?> get, string? var, object? varValue) => o switch
    {
        LiteralOperand l => l.Value,
        PropertyOperand p when var is not null && string.Equals(p.Path, var, StringComparison.Ordinal) => varValue,
        // any(i: i/issuer eq '…') over a collection of complex values.
        PropertyOperand p when var is not null && p.Path.StartsWith(var + "/", StringComparison.Ordinal) =>
            varValue is IReadOnlyDictionary<string, object?> complex ? complex.GetValueOrDefault(p.Path[(var.Length + 1)..]) : null,
        PropertyOperand p => get(p.Path),
        _ => null,
    };

    /// <summary>0 = equal; int.MaxValue = not comparable (so every ordering test fails, like SQL nulls).</summary>
    private static int CompareValues(object? a, object? b)
    {
        if (a is null || b is null)
        {
            return a is null && b is null ? 0 : int.MaxValue;
        }

        return (a, b) switch
        {
            (string x, string y) => string.Compare(x, y, StringComparison.OrdinalIgnoreCase),
            (bool x, bool y) => x == y ? 0 : int.MaxValue,
            (DateTimeOffset x, DateTimeOffset y) => x.CompareTo(y),
            (DateTimeOffset x, string y) when DateTimeOffset.TryParse(y, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var yd) => x.CompareTo(yd),
            (IConvertible x, IConvertible y) when IsNumber(x) && IsNumber(y) => Convert.ToDecimal(x, CultureInfo.InvariantCulture).CompareTo(Convert.ToDecimal(y, CultureInfo.InvariantCulture)),
            (IEnumerable<string> xs, string y) => xs.Contains(y, StringComparer.OrdinalIgnoreCase) ? 0 : int.MaxValue,
            _ => string.Equals(Convert.ToString(a, CultureInfo.InvariantCulture), Convert.ToString(b, CultureInfo.InvariantCulture), StringComparison.OrdinalIgnoreCase) ? 0 : int.MaxValue,
        };
    }

    private static bool IsNumber(object o) => o is int or long or double or decimal;

    // ---- recursive descent ----

    private FilterNode ParseOr()
    {
        var left = ParseAnd();
        while (PeekWord("or"))
        {
            _pos++;
            left = new OrNode(left, ParseAnd());
        }

        return left;
    }

    private FilterNode ParseAnd()
    {
        var left = ParseUnary();
        while (PeekWord("and"))
        {
            _pos++;
            left = new AndNode(left, ParseUnary());
        }

        return left;
    }

    private FilterNode ParseUnary()
    {
        if (PeekWord("not"))
        {
            _pos++;
            return new NotNode(ParseUnary());
        }

        return ParsePrimary();
    }

    private FilterNode ParsePrimary()
    {
        var t = Next("an expression");
        if (t.Kind == TokenKind.Open)
        {
            var inner = ParseOr();
            Expect(TokenKind.Close, "')'");
            return inner;
        }

        if (t.Kind == TokenKind.Word && Peek()?.Kind == TokenKind.Open && !t.Text.Contains('/', StringComparison.Ordinal))
        {
            var name = t.Text.ToLowerInvariant();
            if (name is "startswith" or "endswith" or "contains")
            {
                _pos++;
                var target = ParseOperand();
                Expect(TokenKind.Comma, "','");
                var arg = ParseOperand();
                Expect(TokenKind.Close, "')'");
                return new FuncNode(name, target, arg);
            }

            throw Syntax($"unsupported function '{t.Text}'");
        }

        if (t.Kind == TokenKind.Word && t.Text.Contains('/', StringComparison.Ordinal))
        {
            var slash = t.Text.LastIndexOf('/');
            var last = t.Text[(slash + 1)..];
            if (string.Equals(last, "any", StringComparison.OrdinalIgnoreCase) || string.Equals(last, "all", StringComparison.OrdinalIgnoreCase))
            {
                if (string.Equals(last, "all", StringComparison.OrdinalIgnoreCase))
                {
                    throw new ODataException("Request_UnsupportedQuery", "Unsupported query: the 'all' lambda operator is not supported.");
                }

                var collection = t.Text[..slash];
                Expect(TokenKind.Open, "'('");
                if (Peek()?.Kind == TokenKind.Close)
                {
                    _pos++;
                    return new AnyNode(collection, null, null);
                }

                var variable = Next("a lambda variable");
                if (variable.Kind != TokenKind.Word)
                {
                    throw Syntax("expected a lambda variable");
                }

                Expect(TokenKind.Colon, "':'");
                _lambdaVars.Push(variable.Text);
                var body = ParseOr();
                _lambdaVars.Pop();
                Expect(TokenKind.Close, "')'");
                return new AnyNode(collection, variable.Text, body);
            }
        }

        _pos--;
        var left = ParseOperand();
        var op = Next("an operator");
        var opName = op.Text.ToLowerInvariant();
        if (op.Kind != TokenKind.Word)
        {
            throw Syntax($"expected an operator, found '{op.Text}'");
        }

        if (opName == "in")
        {
            Expect(TokenKind.Open, "'('");
            var values = new List<object?>();
            while (true)
            {
                if (ParseOperand() is not LiteralOperand lit)
                {
                    throw Syntax("'in' takes a list of literals");
                }

                values.Add(lit.Value);
                var sep = Next("',' or ')'");
                if (sep.Kind == TokenKind.Close)
                {
                    break;
                }

                if (sep.Kind != TokenKind.Comma)
                {
                    throw Syntax("expected ',' or ')'");
                }
            }

            return new InNode(left, values);
        }

        if (opName is not ("eq" or "ne" or "gt" or "ge" or "lt" or "le"))
        {
            throw Syntax($"unknown operator '{op.Text}'");
        }

        return new CompareNode(opName, left, ParseOperand());
    }

    private Operand ParseOperand()
    {
        var t = Next("a value");
        switch (t.Kind)
        {
            case TokenKind.String:
                return new LiteralOperand(t.Text);
            case TokenKind.Number:
                return new LiteralOperand(t.Text.Contains('.', StringComparison.Ordinal)
                    ? decimal.Parse(t.Text, CultureInfo.InvariantCulture)
                    : long.Parse(t.Text, CultureInfo.InvariantCulture));
            case TokenKind.Word:
                var lower = t.Text.ToLowerInvariant();
                if (lower is "true" or "false")
                {
                    return new LiteralOperand(lower == "true");
                }

                if (lower == "null")
                {
                    return new LiteralOperand(null);
                }

                // Enum literal: microsoft.graph.riskLevel'medium' is the string 'medium'.
                if (Peek() is { Kind: TokenKind.String, Adjacent: true } s)
                {
                    _pos++;
                    return new LiteralOperand(s.Text);
                }

                if (Guid.TryParse(t.Text, out _) || DateTimeOffset.TryParse(t.Text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _) && char.IsAsciiDigit(t.Text[0]))
                {
                    return new LiteralOperand(t.Text);
                }

                return new PropertyOperand(t.Text);
            default:
                throw Syntax($"unexpected '{t.Text}'");
        }
    }

    private bool PeekWord(string word) => Peek() is { Kind: TokenKind.Word } t && string.Equals(t.Text, word, StringComparison.OrdinalIgnoreCase);

    private Token? Peek() => _pos < _tokens.Count ? _tokens[_pos] : null;

    private Token Next(string expected) => _pos < _tokens.Count ? _tokens[_pos++] : throw Syntax($"expected {expected} at the end");

    private void Expect(TokenKind kind, string what)
    {
        var t = Next(what);
        if (t.Kind != kind)
        {
            throw Syntax($"expected {what}, found '{t.Text}'");
        }
    }

    private ODataException Syntax(string detail) =>
        new("BadRequest", $"Invalid filter clause: {detail}. Filter: '{_text}'.");

    // ---- tokenizer ----

    private enum TokenKind { Word, String, Number, Open, Close, Comma, Colon }

    private sealed record Token(TokenKind Kind, string Text, bool Adjacent);

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            var adjacent = i > 0 && !char.IsWhiteSpace(s[i - 1]);
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '(') { tokens.Add(new Token(TokenKind.Open, "(", adjacent)); i++; }
            else if (c == ')') { tokens.Add(new Token(TokenKind.Close, ")", adjacent)); i++; }
            else if (c == ',') { tokens.Add(new Token(TokenKind.Comma, ",", adjacent)); i++; }
            else if (c == ':') { tokens.Add(new Token(TokenKind.Colon, ":", adjacent)); i++; }
            else if (c == '\'')
            {
                // OData escapes a quote inside a string by doubling it: 'O''Brien'.
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= s.Length)
                    {
                        throw new ODataException("BadRequest", $"Invalid filter clause: unterminated string literal. Filter: '{s}'.");
                    }

                    if (s[i] == '\'')
                    {
                        if (i + 1 < s.Length && s[i + 1] == '\'')
                        {
                            sb.Append('\'');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(s[i++]);
                }

                tokens.Add(new Token(TokenKind.String, sb.ToString(), adjacent));
            }
            else if (char.IsAsciiDigit(c) || (c == '-' && i + 1 < s.Length && char.IsAsciiDigit(s[i + 1])))
            {
                var start = i++;
                while (i < s.Length && (char.IsAsciiLetterOrDigit(s[i]) || s[i] is '-' or '.' or ':' or '+'))
                {
                    i++;
                }

                var text = s[start..i];
                // GUIDs and dates start with digits too; only plain numbers are numbers.
                var isNumber = decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _);
                tokens.Add(new Token(isNumber ? TokenKind.Number : TokenKind.Word, text, adjacent));
            }
            else if (char.IsLetter(c) || c is '_' or '@' or '$')
            {
                var start = i++;
                while (i < s.Length && (char.IsLetterOrDigit(s[i]) || s[i] is '_' or '.' or '/' or '-' or '@' or '$'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Word, s[start..i], adjacent));
            }
            else
            {
                throw new ODataException("BadRequest", $"Invalid filter clause: unexpected character '{c}' at position {i}. Filter: '{s}'.");
            }
        }

        return tokens;
    }
}
