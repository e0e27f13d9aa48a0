// Plays rounds with the RealPlay sample's own C# (RoundServer.Play, over the stand-in UnityWebRequest, which really
// sends) against the sample round server. Arguments: the round URL, the session id, then pairs of stake and round
// id; prints each answer as one JSON line.
using System;
using System.Collections.Generic;
using System.Globalization;
using Plyr;

public static class RoundServerProgram
{
    public static int Main(string[] args)
    {
        for (var i = 2; i + 1 < args.Length; i += 2)
        {
            var stake = double.Parse(args[i], CultureInfo.InvariantCulture);
            var answer = RoundServer.Play(args[0], args[1], stake, args[i + 1]).Result;
            Console.WriteLine(PlyrJson.Serialize(new Dictionary<string, object>
            {
                { "status", answer.Status }, { "code", answer.Code }, { "message", answer.Message },
                { "multiplier", answer.Multiplier }, { "win", answer.Win }, { "balance", answer.Balance },
            }));
        }
        return 0;
    }
}
