namespace Srs.Node.Publish;

/// <summary>What <c>srs-node publish</c> reads: told by the INPUT argument's extension, or <c>-</c>.</summary>
internal enum InputKind { RawH264File, FlvFile, RawH264Stdin }
