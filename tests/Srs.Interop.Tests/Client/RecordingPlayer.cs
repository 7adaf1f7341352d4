using Srs.Actors.Media;
using Srs.Actors.Rtmp.Client;
using Srs.Actors.Rtmp.Messages;

namespace Srs.Interop.Tests.Client;

/// <summary>
/// An <see cref="RtmpClient"/> player that writes what it receives to an FLV file (so ffmpeg can decode and hash it),
/// until the server says the publisher is gone.
/// </summary>
internal sealed class RecordingPlayer : IAsyncDisposable
{
    private readonly RtmpClient client;
    private readonly string file;
    private readonly Task recording;

    private RecordingPlayer(RtmpClient client, string file)
    {
        this.client = client;
        this.file = file;
        recording = RecordAsync();
    }

    public int AudioFrames { get; private set; }

    public int AudioSequenceHeaders { get; private set; }

    /// <summary>Coded pictures received (AVC NALU packets; headers and end-of-sequence not counted).</summary>
    public int VideoFrames { get; private set; }

    public List<string> Statuses { get; } = [];

    public static async Task<RecordingPlayer> StartAsync(string url, string file)
    {
        var client = await RtmpClient.ConnectAsync(url);
        await client.PlayAsync();
        return new RecordingPlayer(client, file);
    }

    /// <summary>Waits for NetStream.Play.UnpublishNotify (or the server closing); false on timeout.</summary>
    public async Task<bool> WaitForUnpublishAsync(TimeSpan timeout)
    {
        try
        {
            await recording.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await this.client.DisposeAsync();
        try
        {
            await recording;
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException)
        {
        }
    }

    private async Task RecordAsync()
    {
        await using var output = File.Create(this.file);
        await output.WriteAsync(FlvWriter.FileHeader(hasAudio: true, hasVideo: true));
        while (await this.client.ReadAsync() is { } received)
        {
            if (received is StatusEvent status)
            {
                Statuses.Add(status.Code);
                if (status.Code == StatusCodes.PlayUnpublishNotify)
                {
                    return;
                }

                continue;
            }

            var media = (MediaEvent)received;
            if (media.Kind == MediaKind.Audio)
            {
                if (FlvAudio.IsSequenceHeader(media.Body.Span))
                {
                    AudioSequenceHeaders++;
                }
                else
                {
                    AudioFrames++;
                }
            }
            else if (media.Kind == MediaKind.Video && media.Body.Length > 1 && media.Body.Span[1] == 1)
            {
                // AVC packet type 1: a coded picture (0 is the sequence header, 2 the end of sequence).
                VideoFrames++;
            }

            await output.WriteAsync(FlvWriter.EncodeTag(media.Kind, media.Timestamp, media.Body.Span));
        }
    }
}
