using System.Globalization;

namespace Dex.GraphEmulator;

/// <summary>Command-line switches of the executable; every option of <see cref="GraphEmulatorOptions"/> has one.</summary>
public static class GraphEmulatorCommandLine
{
    public const string Usage = """
        usage: Dex.GraphEmulator [--tenant FILE] [--urls URL] [options]
          --tenant FILE              tenant file (DESIGN §7); default: built-in sample tenant
          --urls URL                 listen address, default http://127.0.0.1:0 (free port);
                                     https://… adds a self-signed certificate and a token endpoint
          --generate SPEC            add generated people, e.g. users=50000,groups=5000,seed=42
          --no-auth                  accept requests without a bearer token
          --throttle                 turn on Graph-like throttling
          --ru-limit N               resource units per window (default by tenant size: 3500/5000/8000)
          --throttle-window SECONDS  resource-unit window (default 10)
          --write-limit N            writes per write window (default 3000)
          --write-window SECONDS     write window (default 150)
          --latency MS               fixed delay per request
          --jitter MS                random extra delay, 0..MS
          --fault-rate R             share 0..1 of requests failing with 500/503
          --drop-rate R              share 0..1 of requests whose connection is dropped
          --seed N                   seed of the latency/fault random source
          --protect-privileged       403 on sensitive changes to users holding admin roles
          --token-roles A,B,...      "roles" claim of tokens from the https token endpoint
          --log                      print one line per request
        """;

    /// <summary>Parses switches (also --name=value). Returns null for --help.</summary>
    /// <exception cref="ArgumentException">Unknown switch or bad value.</exception>
    public static GraphEmulatorOptions? Parse(IReadOnlyList<string> args)
    {
        var o = new GraphEmulatorOptions { LogRequests = false };
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            var eq = arg.IndexOf('=', StringComparison.Ordinal);
            if (arg.StartsWith("--", StringComparison.Ordinal) && eq > 0)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            string Value()
            {
                if (inline is not null)
                {
                    return inline;
                }

                if (i + 1 >= args.Count)
                {
                    throw new ArgumentException($"{arg} needs a value");
                }

                return args[++i];
            }

            double Number(double min, double max)
            {
                var v = Value();
                if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || d < min || d > max)
                {
                    throw new ArgumentException($"{arg}: '{v}' is not a number between {min} and {max}");
                }

                return d;
            }

            switch (arg.ToLowerInvariant())
            {
                case "-h" or "--help": return null;
                case "--tenant": o.TenantPath = Value(); break;
                case "--urls" or "--url": o.Url = Value().Split(';')[0]; break;
                case "--generate": o.Generate = Value(); break;
                case "--no-auth": o.RequireAuthentication = false; break;
                case "--throttle": o.Throttling = true; break;
                case "--ru-limit": o.ResourceUnitLimit = (int)Number(1, int.MaxValue); o.Throttling = true; break;
                case "--throttle-window": o.ThrottleWindow = TimeSpan.FromSeconds(Number(0.001, 3600)); break;
                case "--write-limit": o.WriteLimit = (int)Number(1, int.MaxValue); break;
                case "--write-window": o.WriteWindow = TimeSpan.FromSeconds(Number(0.001, 3600)); break;
                case "--latency": o.Latency = TimeSpan.FromMilliseconds(Number(0, 600_000)); break;
                case "--jitter": o.LatencyJitter = TimeSpan.FromMilliseconds(Number(0, 600_000)); break;
                case "--fault-rate": o.FaultRate = Number(0, 1); break;
                case "--fault-statuses": o.FaultStatuses = InjectedFaults.ParseStatuses(Value()); break;
                case "--batch-item-fault-rate": o.BatchItemFaultRate = Number(0, 1); break;
                case "--drop-rate": o.DropConnectionRate = Number(0, 1); break;
                case "--seed": o.FaultSeed = (int)Number(int.MinValue, int.MaxValue); break;
                case "--log": o.LogRequests = true; break;
                case "--protect-privileged": o.ProtectPrivilegedUsers = true; break;
                case "--token-roles": o.TokenRoles = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries); break;
                default: throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return o;
    }
}
