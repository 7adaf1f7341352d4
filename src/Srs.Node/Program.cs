Console.WriteLine("srs-node");
